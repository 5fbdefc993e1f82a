using System.Runtime.CompilerServices;

namespace AuditTrail.Tests.Support;

/// <summary>An in-memory chained store that tombstones as the contract of <see cref="IAuditTombstoneStore"/> says.</summary>
public sealed class ChainedFakeStore : IAuditStore, IAuditChainStore, IAuditTombstoneStore
{
    private readonly List<AuditChainEntry> _chain = [];

    public IReadOnlyList<AuditChainEntry> Chain => _chain;

    /// <summary>The rows <see cref="ReadChainAsync"/> handed out, over all its calls.</summary>
    public long RowsRead { get; private set; }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        foreach (var record in batch)
        {
            var previous = _chain.Count == 0 ? AuditChain.GenesisHash.ToArray() : _chain[^1].Hash;
            _chain.Add(new AuditChainEntry(_chain.Count + 1, AuditChain.ComputeHash(previous, _chain.Count + 1, record), record));
        }

        return Task.CompletedTask;
    }

    public Task<int> TombstoneAsync(IReadOnlyList<AuditTombstoneRequest> rows, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var index = (int)row.Sequence - 1;
            var entry = _chain[index];
            var previous = index == 0 ? AuditChain.GenesisHash.ToArray() : _chain[index - 1].Hash;
            if (entry.Record.Id != row.EventId || !AuditChain.ComputeHash(previous, entry.Sequence, entry.Record).AsSpan().SequenceEqual(entry.Hash))
            {
                throw new InvalidOperationException($"Row {row.Sequence} does not verify; it is not tombstoned.");
            }

            if (entry.Tombstone is not null)
            {
                continue;
            }

            _chain[index] = entry with
            {
                Tombstone = row.Reason,
                Record = new AuditRecord
                {
                    Id = entry.Record.Id,
                    OccurredAt = entry.Record.OccurredAt,
                    RecordedAt = entry.Record.RecordedAt,
                    Actor = new AuditActor(string.Empty, null, entry.Record.Actor.Type),
                    Action = entry.Record.Action,
                    ActionType = entry.Record.ActionType,
                    Outcome = entry.Record.Outcome,
                    TenantId = entry.Record.TenantId,
                },
            };
            count++;
        }

        return Task.FromResult(count);
    }

    public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_chain.Count == 0 ? null : new AuditChainPosition(_chain[^1].Sequence, _chain[^1].Hash));

    public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => Task.FromResult<AuditChainPosition?>(null);

    public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var entry in _chain.Where(e => e.Sequence > afterSequence).ToList())
        {
            RowsRead++;
            yield return entry;
        }
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>([.. Newest().Take(query.Limit)]);

    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var record in Newest())
        {
            yield return record;
        }
    }

    public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Task.FromResult((long)_chain.Count);

    public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_chain.FirstOrDefault(e => e.Record.Id == id)?.Record);

    public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) =>
        Task.FromResult(new AuditFacets([], [], []));

    public Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_chain.Count == 0 ? (DateTimeOffset?)null : _chain.Max(e => e.Record.RecordedAt));

    private IEnumerable<AuditRecord> Newest() => _chain.Select(e => e.Record).Reverse();
}
