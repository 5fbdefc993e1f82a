using System.Diagnostics;

namespace AuditTrail.Benchmarks.Tests.Support;

/// <summary>Runs the built harness (<c>dotnet AuditTrail.Benchmarks.dll</c>) as a user does, bounded in time.</summary>
internal static class HarnessProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(PeerBaseline).Assembly.Location);
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the harness.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The harness did not exit within 2 minutes: " + await error);
        }

        return new Result(process.ExitCode, await output, await error);
    }
}
