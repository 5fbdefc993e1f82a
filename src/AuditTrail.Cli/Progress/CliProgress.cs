using System.Globalization;

namespace AuditTrail.Cli.Progress;

/// <summary>
/// A progress line on standard error, rewritten in place twice a second while a long operation runs, and finished
/// with a line break when disposed. Shown only on a terminal: when standard error is redirected (a log file, a
/// pipe, a CI job) nothing is written, so scripts see only the result and the messages.
/// </summary>
internal sealed class CliProgress : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly TextWriter _error;
    private readonly Func<string> _describe;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _ticker;
    private readonly DateTimeOffset _started = TimeProvider.System.GetUtcNow();
    private int _lastLength;

    private CliProgress(TextWriter error, Func<string> describe, bool show)
    {
        _error = error;
        _describe = describe;
        _ticker = show ? TickAsync() : Task.CompletedTask;
    }

    /// <summary>Whether progress is shown by default: standard error is a terminal, not redirected.</summary>
    public static bool ShownByDefault => !Console.IsErrorRedirected;

    /// <summary>Starts a progress line described by <paramref name="describe"/>; nothing is ever written when <paramref name="show"/> is false.</summary>
    public static CliProgress Start(TextWriter error, bool show, Func<string> describe) => new(error, describe, show);

    /// <summary>Stops the progress line; a shown line ends with a line break, so the result starts on a line of its own.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _ticker.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task TickAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                await WriteAsync().ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Disposed: the operation finished.
        }

        await WriteAsync().ConfigureAwait(false);
        await _error.WriteLineAsync().ConfigureAwait(false);
    }

    private async Task WriteAsync()
    {
        // What the operation says about itself, and how long it has run.
        var text = string.Create(CultureInfo.InvariantCulture, $"{_describe()} ({(TimeProvider.System.GetUtcNow() - _started).TotalSeconds:0} s)");
        var padding = Math.Max(0, _lastLength - text.Length);
        _lastLength = text.Length;
        await _error.WriteAsync("\r" + text + new string(' ', padding)).ConfigureAwait(false);
        await _error.FlushAsync().ConfigureAwait(false);
    }
}
