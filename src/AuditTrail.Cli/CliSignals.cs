using System.Runtime.InteropServices;

namespace AuditTrail.Cli;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for the whole run of the tool, registered before the command line is even parsed: the
/// first one cancels <see cref="Token"/>, which every command observes, so the command stops at its next step, removes
/// what it had not finished (an export's temporary file) and exits <c>2</c> saying it was cancelled. A second one ends
/// the process at once, as the operating system would.
/// </summary>
/// <remarks>
/// System.CommandLine's own handling starts only once a command's action has returned its task, so a signal during
/// the synchronous start of a command (opening the store) was lost and the command ran to its end; and it gives the
/// action two seconds before it returns 130 and lets the process exit under a command still at work. The tool
/// therefore turns that handling off (<c>ProcessTerminationTimeout = null</c>) and uses this instead.
/// </remarks>
internal sealed class CliSignals : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _received;

    private CliSignals()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // A platform without this signal keeps its default handling.
            }
        }
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>Starts handling SIGINT and SIGTERM; dispose to give them back to the default handling.</summary>
    public static CliSignals Register() => new();

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancellation.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
        {
            // The second signal: the default handling ends the process.
            return;
        }

        context.Cancel = true;
        _cancellation.Cancel();
    }
}
