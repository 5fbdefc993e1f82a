using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Benchmarks;

/// <summary>The load of every library ingest measurement, whatever the store.</summary>
internal static class IngestLoad
{
    /// <summary>
    /// Logs the events through the started host's <see cref="IAuditLogger"/> from <paramref name="callers"/>
    /// concurrent loops, then stops the host. Buffered LogAsync returns once queued, so the time runs until the
    /// stop has flushed everything and every event is committed.
    /// </summary>
    public static async Task<TimeSpan> RunAsync(IHost host, AuditEvent[] events, int callers)
    {
        var clock = Stopwatch.StartNew();
        await LogAllAsync(host, events, callers);
        await host.StopAsync();
        return clock.Elapsed;
    }

    /// <summary>Logs the events through the started host's <see cref="IAuditLogger"/> from <paramref name="callers"/> concurrent loops.</summary>
    public static async Task LogAllAsync(IHost host, AuditEvent[] events, int callers)
    {
        var logger = host.Services.GetRequiredService<IAuditLogger>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < events.Length)
            {
                await logger.LogAsync(events[i]);
            }
        })));
    }
}
