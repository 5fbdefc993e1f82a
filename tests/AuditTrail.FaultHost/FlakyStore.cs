namespace AuditTrail.FaultHost;

/// <summary>
/// Fails a share of the writes: half of them before the inner store writes anything (an outage), half after it has
/// committed (the acknowledgement is lost, so the pipeline spools events the store already has). When
/// <paramref name="down"/>, every write fails before the inner store writes anything (an outage).
/// </summary>
internal sealed class FlakyStore(IAuditStore inner, double failureRate, int seed, bool down = false) : IAuditStore
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    public Task InitializeAsync(CancellationToken cancellationToken = default) => inner.InitializeAsync(cancellationToken);

    public async Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default)
    {
        double draw;
        lock (_lock)
        {
            draw = _random.NextDouble();
        }

        if (down || draw < failureRate / 2)
        {
            throw new IOException("injected: the store is unreachable");
        }

        await inner.WriteAsync(batch, cancellationToken);
        Console.Out.WriteLine("committed " + batch.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (draw < failureRate)
        {
            throw new IOException("injected: the commit's acknowledgement was lost");
        }
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) => inner.QueryAsync(query, cancellationToken);

    public IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.StreamAsync(filter, cancellationToken);

    public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.CountAsync(filter, cancellationToken);

    public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => inner.GetFacetsAsync(filter, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) => inner.PurgeAsync(occurredBefore, maxRows, cancellationToken);

    public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) => inner.GetNewestRecordedAtAsync(cancellationToken);
}
