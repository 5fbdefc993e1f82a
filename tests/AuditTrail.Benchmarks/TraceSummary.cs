using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace AuditTrail.Benchmarks;

/// <summary>
/// Where the CPU went in an EventPipe trace taken with the sample profiler (see docs/performance.md): the share of
/// busy samples per method, exclusive (the method on top of the stack; native code such as SQLite's shows as the
/// managed method that called it) and inclusive (anywhere on the stack). Threads waiting for work are left out.
/// </summary>
internal static class TraceSummary
{
    private static readonly string[] WaitingFrames =
    [
        "WaitOneNoCheck", "LowLevelLifoSemaphore", "Monitor.Wait", "Thread.Sleep", "WaitHandle", "GateThread", "LowLevelMonitor",
    ];

    /// <param name="path">The .nettrace file.</param>
    /// <param name="top">How many methods each list shows.</param>
    /// <param name="callersOf">When set, also lists the callers (two frames up) of the methods whose name contains it, on top of the stack.</param>
    public static int Print(string path, int top, string? callersOf = null)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"error: trace-summary: no such file '{path}'");
            return 2;
        }

        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(path));
        var exclusive = new Dictionary<string, int>(StringComparer.Ordinal);
        var inclusive = new Dictionary<string, int>(StringComparer.Ordinal);
        var callers = new Dictionary<string, int>(StringComparer.Ordinal);
        var busy = 0;
        foreach (var sample in log.Events)
        {
            if (sample.ProviderName != "Microsoft-DotNETCore-SampleProfiler" || sample.CallStack() is not { } stack)
            {
                continue;
            }

            var frames = new List<string>();
            for (var frame = stack; frame is not null; frame = frame.Caller)
            {
                var method = frame.CodeAddress.FullMethodName;
                frames.Add(string.IsNullOrEmpty(method) ? $"[native {frame.CodeAddress.ModuleName ?? "?"}]" : method);
            }

            if (frames.Any(frame => WaitingFrames.Any(frame.Contains)))
            {
                continue;
            }

            busy++;
            exclusive[frames[0]] = exclusive.GetValueOrDefault(frames[0]) + 1;
            if (callersOf is not null && frames[0].Contains(callersOf, StringComparison.Ordinal))
            {
                var path2 = string.Join("  <-  ", frames.Skip(1).Take(2));
                callers[path2] = callers.GetValueOrDefault(path2) + 1;
            }

            foreach (var method in frames.Distinct(StringComparer.Ordinal))
            {
                inclusive[method] = inclusive.GetValueOrDefault(method) + 1;
            }
        }

        Console.WriteLine($"{busy} busy samples in {path}");
        var lists = new List<(string, Dictionary<string, int>)> { ("exclusive", exclusive), ("inclusive", inclusive) };
        if (callersOf is not null)
        {
            lists.Add(($"callers of {callersOf}", callers));
        }

        foreach (var (title, counts) in lists)
        {
            Console.WriteLine($"== {title} ==");
            foreach (var (method, count) in counts.OrderByDescending(pair => pair.Value).Take(top))
            {
                Console.WriteLine($"{100.0 * count / Math.Max(1, busy),6:F1} %  {method}");
            }
        }

        return 0;
    }
}
