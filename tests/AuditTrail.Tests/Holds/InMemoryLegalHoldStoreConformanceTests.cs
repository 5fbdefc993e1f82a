using AuditTrail.Conformance;
using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Holds;

/// <summary>The legal hold store suite over the in-memory holds the service's tests use, so those tests rest on the same contract as the stores.</summary>
public sealed class InMemoryLegalHoldStoreConformanceTests : AuditLegalHoldStoreConformanceTests
{
    private readonly InMemoryAuditLegalHoldStore _storage = new();

    protected override Task<IAuditLegalHoldStore> CreateHoldStoreAsync() => Task.FromResult<IAuditLegalHoldStore>(_storage.NewInstance());

    protected override Task AppendAsync(IReadOnlyList<AuditRecord> records)
    {
        _storage.Append(records);
        return Task.CompletedTask;
    }
}
