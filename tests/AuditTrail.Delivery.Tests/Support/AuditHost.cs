using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail.Delivery.Tests.Support;

/// <summary>
/// A generic host with AuditTrail on a <see cref="FaultDatabase"/> through <c>UseSqlite</c> (so the spool defaults to
/// beside the file), the store wrapped in a <see cref="FaultInjectingStore"/>, a recording failure listener, the
/// health check, and a metrics recorder attached before anything is logged.
/// </summary>
public sealed class AuditHost : IAsyncDisposable
{
    private readonly IHost _host;

    private AuditHost(IHost host)
    {
        _host = host;
        Store = host.Services.GetRequiredService<FaultInjectingStore>();
        Listener = host.Services.GetRequiredService<RecordingFailureListener>();
        Metrics = new AuditMetricsRecorder(host.Services);
    }

    public IServiceProvider Services => _host.Services;

    public FaultInjectingStore Store { get; }

    public RecordingFailureListener Listener { get; }

    public AuditMetricsRecorder Metrics { get; }

    public IAuditLogger Logger => Services.GetRequiredService<IAuditLogger>();

    public static async Task<AuditHost> StartAsync(
        FaultDatabase database,
        Action<AuditTrailOptions>? audit = null,
        Action<SqliteAuditStoreOptions>? sqlite = null,
        TimeSpan? shutdownTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<RecordingFailureListener>();
        builder.Services.AddSingleton<IAuditFailureListener>(sp => sp.GetRequiredService<RecordingFailureListener>());
        builder.Services.AddSingleton(sp => new FaultInjectingStore(
            new SqliteAuditStore(sp.GetRequiredService<IOptions<SqliteAuditStoreOptions>>().Value)));
        builder.Services.AddHealthChecks().AddAuditTrail();
        builder.Services.AddAuditTrail(o =>
        {
            o.WriteRetryDelay = TimeSpan.FromMilliseconds(5);
            audit?.Invoke(o);
        })
        .UseSqlite(o =>
        {
            o.DatabasePath = database.Path;
            sqlite?.Invoke(o);
        })
        .UseStore(sp => sp.GetRequiredService<FaultInjectingStore>());

        var host = new AuditHost(builder.Build());
        await host._host.StartAsync();
        return host;
    }

    public async Task<HealthReportEntry> HealthAsync() =>
        (await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["audittrail"];

    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}
