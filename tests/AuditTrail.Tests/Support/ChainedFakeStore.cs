using System.Runtime.CompilerServices;

namespace AuditTrail.Tests.Support;

/// <summary>An in-memory chained store that tombstones as the contract of <see cref="IAuditTombstoneStore"/> says.</summary>
public sealed class ChainedFakeStore : IAuditStore, IAuditChainStore, IAuditTombstoneStore
{
    private readonly List<AuditChainEntry> _chain = [];
    private AuditChainPosition? _anchor;

    public IReadOnlyList<AuditChainEntry> Chain => _chain;

    /// <summary>When set, a read of the chain throws <see cref="OperationCanceledException"/> after handing out this many rows (a host stopping mid-pass).</summary>
    public int? CancelAfterRows { get; set; }

    /// <summary>The rows <see cref="ReadChainAsync"/> handed out, over all its calls.</summary>
    public long RowsRead { get; private set; }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        foreach (var record in batch)
        {
            var previous = _chain.Count > 0 ? _chain[^1].Hash : _anchor?.Hash ?? AuditChain.GenesisHash.ToArray();
            var sequence = _chain.Count > 0 ? _chain[^1].Sequence + 1 : (_anchor?.Sequence ?? 0) + 1;
            _chain.Add(new AuditChainEntry(sequence, AuditChain.ComputeHash(previous, sequence, record), record));
        }

        return Task.CompletedTask;
    }

    public Task<int> TombstoneAsync(IReadOnlyList<AuditTombstoneRequest> rows, CancellationToken cancellationToken = default)
    {
        var count = 0;
        foreach (var row in rows)
        {
            var index = (int)(row.Sequence - (_anchor?.Sequence ?? 0)) - 1;
            if (index < 0)
            {
                continue; // purged since it was read
            }

            var entry = _chain[index];
            if (entry.Tombstone is not null)
            {
                continue;
            }

            var previous = index == 0 ? _anchor?.Hash ?? AuditChain.GenesisHash.ToArray() : _chain[index - 1].Hash;
            if (entry.Record.Id != row.EventId || !AuditChain.ComputeHash(previous, entry.Sequence, entry.Record).AsSpan().SequenceEqual(entry.Hash))
            {
                throw new InvalidOperationException($"Row {row.Sequence} does not verify; it is not tombstoned.");
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

    public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => Task.FromResult(_anchor);

    /// <summary>Removes the leading rows that occurred before <paramref name="cutoff"/>, as a prefix purge does; the last one removed becomes the anchor.</summary>
    public int PurgePrefix(DateTimeOffset cutoff)
    {
        var count = _chain.TakeWhile(e => e.Record.OccurredAt < cutoff).Count();
        if (count > 0)
        {
            _anchor = new AuditChainPosition(_chain[count - 1].Sequence, _chain[count - 1].Hash);
            _chain.RemoveRange(0, count);
        }

        return count;
    }

    /// <summary>A separate store holding the same rows and anchor: what another instance's full pass would act on.</summary>
    public ChainedFakeStore Copy()
    {
        var copy = new ChainedFakeStore { _anchor = _anchor };
        copy._chain.AddRange(_chain);
        return copy;
    }

    public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        var handed = 0;
        foreach (var entry in _chain.Where(e => e.Sequence > afterSequence).ToList())
        {
            if (handed++ == CancelAfterRows)
            {
                throw new OperationCanceledException("The host is stopping.");
            }

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
