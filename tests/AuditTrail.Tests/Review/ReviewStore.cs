using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AuditTrail.Tests.Review;

/// <summary>
/// An in-memory store that applies the filter fields the review reads by (actions, types, actors, outcome, time,
/// tenant and scope), newest first as the store contract says, and counts the rows it hands out. Its summaries are as
/// narrow as <see cref="IAuditSummaryStore"/> allows: every field outside <see cref="AuditRecordFields.Summary"/> empty.
/// As a chain, the records in the order they were added, from sequence 1 (as <see cref="Trail.Feed"/> numbers them).
/// </summary>
public sealed class ReviewStore : IAuditStore, IAuditSummaryStore, IAuditChainStore
{
    private readonly List<AuditRecord> _records = [];

    private int _rowsRead;

    public int RowsRead => Volatile.Read(ref _rowsRead);

    public ConcurrentQueue<AuditFilter> Filters { get; } = new();

    /// <summary>The rows handed out by each read (its action codes and types) of each time range (from, to).</summary>
    public ConcurrentDictionary<(string Read, DateTimeOffset? From, DateTimeOffset? To), int> RowsReadByRange { get; } = new();

    /// <summary>The filters read as summaries (also in <see cref="Filters"/>).</summary>
    public ConcurrentQueue<AuditFilter> SummaryFilters { get; } = new();

    public IReadOnlyList<AuditRecord> Records => _records;

    public void Add(params AuditRecord[] records) => _records.AddRange(records);

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.Count == 0 ? null : new AuditChainPosition(_records.Count, new byte[32]));

    public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => Task.FromResult<AuditChainPosition?>(null);

    public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        for (var i = (int)afterSequence; i < _records.Count; i++)
        {
            yield return new AuditChainEntry(i + 1, new byte[32], _records[i]);
        }
    }

    public Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        _records.AddRange(batch);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>([.. Matching(query.Filter).Take(query.Limit)]);

    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Filters.Enqueue(filter);
        foreach (var record in Matching(filter).ToList())
        {
            Interlocked.Increment(ref _rowsRead);
            RowsReadByRange.AddOrUpdate((string.Join(",", filter.Actions.Concat(filter.ActionTypes.Select(t => t.ToString()))), filter.From, filter.To), 1, (_, n) => n + 1);
            await Task.Yield();
            yield return record;
        }
    }

    public async IAsyncEnumerable<AuditRecord> StreamSummariesAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SummaryFilters.Enqueue(filter);
        await foreach (var record in StreamAsync(filter, cancellationToken))
        {
            yield return record with
            {
                FailureReason = null, Description = null, Changes = [], UserAgent = null, CorrelationId = null, SourceIpAsHashed = null,
                Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal),
            };
        }
    }

    public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Task.FromResult((long)Matching(filter).Count());

    public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(_records.FirstOrDefault(r => r.Id == id));

    public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => Task.FromResult(AuditFacets.Empty);

    public Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The review store does not purge.");

    public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.Count == 0 ? (DateTimeOffset?)null : _records.Max(r => r.RecordedAt));

    private IEnumerable<AuditRecord> Matching(AuditFilter f) =>
        _records.Where(r =>
                (f.Actions.Count == 0 || f.Actions.Contains(r.Action))
                && (f.ActionTypes.Count == 0 || f.ActionTypes.Contains(r.ActionType))
                && (f.ActorIds.Count == 0 || f.ActorIds.Contains(r.Actor.Id))
                && (f.Outcome is null || f.Outcome == r.Outcome)
                && (f.From is null || r.OccurredAt >= f.From)
                && (f.To is null || r.OccurredAt < f.To)
                && (f.TenantId is null || f.TenantId == r.TenantId)
                && (f.ScopeTenantId is null || f.ScopeTenantId == r.TenantId)
                && (f.ScopeActorId is null || f.ScopeActorId == r.Actor.Id))
            .OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.Id.ToString("D"), StringComparer.Ordinal);
}
