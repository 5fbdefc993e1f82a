namespace AuditTrail.Tests.Support;

/// <summary>
/// Consumer positions and leases in memory, for the runner's tests over <see cref="FakeAuditStore"/>; it runs the
/// same conformance suite as the stores' tables. Instances created by <see cref="NewInstance"/> share its storage.
/// </summary>
public sealed class InMemoryAuditConsumerCheckpoints : IAuditConsumerCheckpoints
{
    private readonly Dictionary<string, AuditConsumerCheckpoint> _rows;
    private readonly Lock _lock;

    public InMemoryAuditConsumerCheckpoints()
        : this(new Dictionary<string, AuditConsumerCheckpoint>(StringComparer.Ordinal), new Lock())
    {
    }

    private InMemoryAuditConsumerCheckpoints(Dictionary<string, AuditConsumerCheckpoint> rows, Lock gate)
    {
        _rows = rows;
        _lock = gate;
    }

    /// <summary>Another instance over the same storage, as another application instance sees it.</summary>
    public InMemoryAuditConsumerCheckpoints NewInstance() => new(_rows, _lock);

    public Task<AuditConsumerCheckpoint?> TryAcquireLeaseAsync(string consumer, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var row = _rows.GetValueOrDefault(consumer) ?? new AuditConsumerCheckpoint(consumer, 0, null, null);
            if (row.LeaseOwner is not null && row.LeaseOwner != owner && row.LeaseExpiresAt > now)
            {
                _rows[consumer] = row;
                return Task.FromResult<AuditConsumerCheckpoint?>(null);
            }

            var taken = row with { LeaseOwner = owner, LeaseExpiresAt = now + duration };
            _rows[consumer] = taken;
            return Task.FromResult<AuditConsumerCheckpoint?>(taken);
        }
    }

    public Task AdvanceAsync(string consumer, string owner, long position, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            var row = _rows.GetValueOrDefault(consumer);
            if (row is null || row.LeaseOwner != owner || row.LeaseExpiresAt <= now)
            {
                throw new AuditConsumerLeaseLostException($"'{owner}' does not hold the lease of consumer '{consumer}'.");
            }

            if (position < row.Position)
            {
                throw new ArgumentOutOfRangeException(nameof(position), position, $"The position of consumer '{consumer}' only moves forward: it is {row.Position}.");
            }

            _rows[consumer] = row with { Position = position };
            return Task.CompletedTask;
        }
    }

    public Task ReleaseLeaseAsync(string consumer, string owner, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_rows.GetValueOrDefault(consumer) is { } row && row.LeaseOwner == owner)
            {
                _rows[consumer] = row with { LeaseOwner = null, LeaseExpiresAt = null };
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<AuditConsumerCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AuditConsumerCheckpoint>>([.. _rows.Values.OrderBy(row => row.Name, StringComparer.Ordinal)]);
        }
    }
}
