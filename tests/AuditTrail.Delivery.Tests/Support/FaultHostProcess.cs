using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace AuditTrail.Delivery.Tests.Support;

/// <summary>
/// The AuditTrail.FaultHost console app run as a child process (<c>dotnet AuditTrail.FaultHost.dll ...</c>), its
/// standard output read line by line: <c>ready</c>, <c>ack {id}</c> per acknowledged event, <c>spooled {n}</c>,
/// <c>failed {id}</c> per event whose LogAsync threw, <c>committed {n}</c> per batch its flaky store committed.
/// </summary>
public sealed class FaultHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task _reading;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _errors = new();
    private int _spooled;
    private int _committedBatches;

    private FaultHostProcess(Process process)
    {
        _process = process;
        _reading = ReadAsync();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _errors.Enqueue(e.Data);
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The path of the fault host's assembly, built beside the tests (see the test project file).</summary>
    public static string AssemblyPath { get; } = typeof(FaultHostProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "FaultHostPath").Value!;

    /// <summary>Ids whose LogAsync returned, as far as the output shows.</summary>
    public ConcurrentQueue<Guid> Acknowledged { get; } = new();

    /// <summary>Ids whose LogAsync threw <see cref="AuditWriteException"/>: not recorded, as their callers were told.</summary>
    public ConcurrentQueue<Guid> Failed { get; } = new();

    /// <summary>How many events the child reported spooled.</summary>
    public int Spooled => Volatile.Read(ref _spooled);

    /// <summary>How many batches the child's flaky store (<c>--flaky</c>, <c>--down</c>) reported committed, replayed ones too.</summary>
    public int CommittedBatches => Volatile.Read(ref _committedBatches);

    /// <summary>Completes when the child's host has started.</summary>
    public Task Ready => _ready.Task;

    public string StandardError => string.Join(Environment.NewLine, _errors);

    /// <summary>Whether the child has stopped (it should not before it is killed; a poll stops waiting for it then).</summary>
    public bool HasExited => _process.HasExited;

    public static FaultHostProcess Start(params string[] arguments) => Start(new ProcessStartInfo("dotnet"), arguments);

    /// <summary>
    /// Starts the child with no file of its own able to grow past <paramref name="kibibytes"/> (<c>ulimit -f</c>, Unix
    /// only): a write past it fails with EFBIG after writing what fits, as on a full disk. The runtime's W^X double
    /// mapping needs a file as large as its code, so it is turned off.
    /// </summary>
    public static FaultHostProcess StartWithFileSizeLimit(int kibibytes, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { Environment = { ["DOTNET_EnableWriteXorExecute"] = "0" } };
        start.ArgumentList.Add("-c");

        // SIGXFSZ ignored (inherited through exec), so that the write fails instead of killing the process.
        start.ArgumentList.Add("trap '' XFSZ; ulimit -f \"$0\" && exec dotnet \"$@\"");
        start.ArgumentList.Add(kibibytes.ToString(CultureInfo.InvariantCulture));
        return Start(start, arguments);
    }

    private static FaultHostProcess Start(ProcessStartInfo start, string[] arguments)
    {
        File.Exists(AssemblyPath).Should().BeTrue($"the fault host is built with the tests, at {AssemblyPath}");
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.ArgumentList.Add(AssemblyPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new FaultHostProcess(Process.Start(start)!);
    }

    /// <summary>SIGKILL: no shutdown code runs, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
        await _reading;
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        await _reading;
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == "ready")
            {
                _ready.TrySetResult();
            }
            else if (line.StartsWith("ack ", StringComparison.Ordinal))
            {
                // The last line of a killed process may be cut short; a whole id was printed after its LogAsync returned.
                if (Guid.TryParseExact(line["ack ".Length..], "D", out var id))
                {
                    Acknowledged.Enqueue(id);
                }
            }
            else if (line.StartsWith("spooled ", StringComparison.Ordinal)
                && int.TryParse(line["spooled ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                Interlocked.Add(ref _spooled, count);
            }
            else if (line.StartsWith("failed ", StringComparison.Ordinal) && Guid.TryParseExact(line["failed ".Length..], "D", out var failed))
            {
                Failed.Enqueue(failed);
            }
            else if (line.StartsWith("committed ", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _committedBatches);
            }
        }

        _ready.TrySetCanceled();
    }
}
