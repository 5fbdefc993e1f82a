namespace AuditTrail.Tests.Support;

/// <summary>
/// Legal holds in memory, over records appended to it, for tests over <see cref="FakeAuditStore"/>; it runs the same
/// conformance suite as the stores' tables. Instances created by <see cref="NewInstance"/> share its storage.
/// </summary>
public sealed class InMemoryAuditLegalHoldStore : IAuditLegalHoldStore
{
    private readonly List<AuditLegalHold> _holds;
    private readonly List<AuditRecord> _records;
    private readonly Lock _lock;

    public InMemoryAuditLegalHoldStore()
        : this([], [], new Lock())
    {
    }

    private InMemoryAuditLegalHoldStore(List<AuditLegalHold> holds, List<AuditRecord> records, Lock gate)
    {
        _holds = holds;
        _records = records;
        _lock = gate;
    }

    /// <summary>Another instance over the same storage, as another application instance sees it.</summary>
    public InMemoryAuditLegalHoldStore NewInstance() => new(_holds, _records, _lock);

    /// <summary>Adds records to the trail the holds look at.</summary>
    public void Append(IEnumerable<AuditRecord> records)
    {
        lock (_lock)
        {
            _records.AddRange(records);
        }
    }

    public Task AddHoldAsync(AuditLegalHold hold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hold);
        lock (_lock)
        {
            _holds.Add(hold);
        }

        return Task.CompletedTask;
    }

    public Task<bool> ReleaseHoldAsync(Guid id, string releasedBy, DateTimeOffset releasedAt, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var index = _holds.FindIndex(hold => hold.Id == id && hold.IsActive);
            if (index < 0)
            {
                return Task.FromResult(false);
            }

            _holds[index] = _holds[index] with { ReleasedBy = releasedBy, ReleasedAt = releasedAt };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<AuditLegalHold>> GetHoldsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AuditLegalHold>>([.. _holds.OrderBy(hold => hold.PlacedAt).ThenBy(hold => hold.Id)]);
        }
    }

    public Task<DateTimeOffset?> GetOldestOccurredAtAsync(AuditLegalHoldScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        lock (_lock)
        {
            var held = _records.Where(scope.Covers).Select(record => (DateTimeOffset?)record.OccurredAt);
            return Task.FromResult(held.Min());
        }
    }
}
