using AuditTrail.Conformance;
using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Feed;

/// <summary>The consumer checkpoints suite over the in-memory checkpoints the runner's tests use, so those tests rest on the same contract as the stores.</summary>
public sealed class InMemoryConsumerCheckpointsConformanceTests : AuditConsumerCheckpointsConformanceTests
{
    private readonly InMemoryAuditConsumerCheckpoints _storage = new();

    protected override Task<IAuditConsumerCheckpoints> CreateCheckpointsAsync() => Task.FromResult<IAuditConsumerCheckpoints>(_storage.NewInstance());
}
