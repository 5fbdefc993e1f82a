using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace AuditTrail.Tests.Support;

/// <summary>
/// An in-memory store for pipeline and reader tests: records every batch and every filter it is given,
/// can be made to fail or to wait, and deliberately ignores filters on reads so that tests can prove
/// the reader's own scope check. Store behaviour itself is proven by the conformance suite on real stores.
/// </summary>
public class FakeAuditStore : IAuditStore
{
    private readonly ConcurrentDictionary<Guid, AuditRecord> _records = new();
    private readonly List<AuditRecord> _order = [];
    private readonly Lock _lock = new();

    public ConcurrentQueue<IReadOnlyList<AuditRecord>> Batches { get; } = new();

    public ConcurrentQueue<AuditFilter> Filters { get; } = new();

    /// <summary>While set, every write throws this.</summary>
    public Exception? FailWith { get; set; }

    /// <summary>The next this-many writes throw <see cref="TimeoutException"/> (a transient fault), then writes succeed.</summary>
#pragma warning disable CA1051 // A field so tests can use Interlocked on it.
    public int TransientFailures;
#pragma warning restore CA1051

    /// <summary>While set, every write waits for this task first.</summary>
    public Task? Gate { get; set; }

    /// <summary>While set, every write calls this first (for example to note the fake clock's time of each attempt).</summary>
    public Action? OnWrite { get; set; }

    private int _writeCalls;

    private int _writing;
    private int _mostWriting;

    public int WriteCalls => Volatile.Read(ref _writeCalls);

    /// <summary>The most writes (of either kind, for <see cref="OrderedFakeAuditStore"/>) that were running at once.</summary>
    public int MostConcurrentWrites => Volatile.Read(ref _mostWriting);

    public IReadOnlyList<AuditRecord> Stored
    {
        get
        {
            lock (_lock)
            {
                return [.. _order];
            }
        }
    }

    public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _writeCalls);
        using var writing = Writing();
        OnWrite?.Invoke();
        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (Interlocked.Decrement(ref TransientFailures) >= 0)
        {
            throw new TimeoutException("database is busy");
        }

        if (FailWith is { } failure)
        {
            throw failure;
        }

        Batches.Enqueue([.. batch]);
        lock (_lock)
        {
            foreach (var record in batch)
            {
                if (_records.TryAdd(record.Id, record))
                {
                    _order.Add(record);
                }
            }
        }
    }

    /// <summary>Counts a write as running until the result is disposed.</summary>
    protected IDisposable Writing()
    {
        var now = Interlocked.Increment(ref _writing);
        int most;
        while ((most = Volatile.Read(ref _mostWriting)) < now && Interlocked.CompareExchange(ref _mostWriting, now, most) != most)
        {
        }

        return new Done(() => Interlocked.Decrement(ref _writing));
    }

    /// <summary>Stores the batch, in one step with the check, only when every id of <paramref name="predecessor"/> is stored.</summary>
    protected bool TryStoreAfter(IReadOnlyList<AuditRecord> batch, IReadOnlyList<Guid> predecessor)
    {
        lock (_lock)
        {
            if (!predecessor.All(_records.ContainsKey))
            {
                return false;
            }

            Batches.Enqueue([.. batch]);
            foreach (var record in batch)
            {
                if (_records.TryAdd(record.Id, record))
                {
                    _order.Add(record);
                }
            }

            return true;
        }
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default)
    {
        Filters.Enqueue(query.Filter);
        IReadOnlyList<AuditRecord> page = [.. Newest().Where(r => query.After is not { } after || IsAfter(r, after)).Take(query.Limit)];
        return Task.FromResult(page);
    }

    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Filters.Enqueue(filter);
        foreach (var record in Newest())
        {
            await Task.Yield();
            yield return record;
        }
    }

    public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        Filters.Enqueue(filter);
        return Task.FromResult((long)Stored.Count);
    }

    public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_records.TryGetValue(id, out var record) ? record : null);

    public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        Filters.Enqueue(filter);
        return Task.FromResult(AuditFacets.Empty);
    }

    public Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("The fake store does not purge; retention is tested on real stores.");

    public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Stored.Count == 0 ? (DateTimeOffset?)null : Stored.Max(r => r.RecordedAt));

    private sealed class Done(Action action) : IDisposable
    {
        public void Dispose() => action();
    }

    private IEnumerable<AuditRecord> Newest() =>
        Stored.OrderByDescending(r => r.OccurredAt).ThenByDescending(r => r.Id.ToString("D"), StringComparer.Ordinal);

    private static bool IsAfter(AuditRecord record, AuditPosition after) =>
        record.OccurredAt < after.OccurredAt
        || (record.OccurredAt == after.OccurredAt && string.CompareOrdinal(record.Id.ToString("D"), after.Id.ToString("D")) < 0);
}
