using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Benchmarks;

/// <summary>
/// Per-operation costs on the hot path: enqueue (buffered LogAsync into a store that discards writes, so
/// the pipeline alone is measured), the canonical hash of one record, and one CSV export row.
/// </summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    public const int ExportRows = 1000;

    public static IConfig Config { get; } = DefaultConfig.Instance.AddDiagnoser(MemoryDiagnoser.Default);

    private readonly AuditRecord _record = Data.Record(3);
    private readonly byte[] _previous = new byte[AuditChain.HashLength];
    private IHost? _host;
    private IAuditLogger? _logger;
    private IAuditReader? _reader;
    private AuditEvent? _event;

    [GlobalSetup]
    public void Setup()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddAuditTrail(o =>
        {
            o.DeliveryMode = AuditDeliveryMode.Buffered;
            o.RecordLifecycleEvents = false;
            o.QueueCapacity = 1_000_000;
        }).UseStore(_ => new FixedStore(Enumerable.Range(0, ExportRows).Select(Data.Record).ToArray()));
        _host = builder.Build();
        _host.Start();
        _logger = _host.Services.GetRequiredService<IAuditLogger>();
        _reader = _host.Services.GetRequiredService<IAuditReader>();
        _event = Data.Event(3) with { Id = null, OccurredAt = null };
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host?.StopAsync().GetAwaiter().GetResult();
        _host?.Dispose();
    }

    [Benchmark(Description = "enqueue (buffered LogAsync)")]
    public Task<Guid> Enqueue() => _logger!.LogAsync(_event!);

    [Benchmark(Description = "AuditChain.ComputeHash (1 record)")]
    public byte[] ComputeHash() => AuditChain.ComputeHash(_previous, 42, _record);

    [Benchmark(Description = "CSV export, per row", OperationsPerInvoke = ExportRows)]
    public Task<long> CsvRow() => _reader!.ExportAsync(AuditViewer.Admin("u-john"), new AuditQuery(), AuditExportFormat.Csv, Stream.Null);

    /// <summary>Discards writes and streams a fixed set of records; the micro-benchmarks use nothing else.</summary>
    private sealed class FixedStore(IReadOnlyList<AuditRecord> records) : IAuditStore
    {
        public Task WriteAsync(IReadOnlyList<AuditRecord> batch, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var record in records)
            {
                yield return record;
            }
        }

        public Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<DateTimeOffset?>(records[^1].RecordedAt);

        public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditStoreQuery query, CancellationToken cancellationToken = default) => throw Unused();

        public Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken = default) => throw Unused();

        public Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken = default) => throw Unused();

        public Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken = default) => throw Unused();

        public Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default) => throw Unused();

        private static NotSupportedException Unused() => new("The micro-benchmark store only discards writes and streams a fixed set of records.");
    }
}
