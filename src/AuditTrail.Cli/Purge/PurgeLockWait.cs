using System.CommandLine;
using System.Globalization;
using AuditTrail.Cli.Commands;

namespace AuditTrail.Cli.Purge;

/// <summary>
/// <c>--wait &lt;duration&gt;</c> of <c>purge --execute</c> and <c>archive --purge</c>: while another purge holds the
/// store's purge lock (the application's retention, another command), try again until it is free or the duration has
/// passed, so that a scheduled run that meets a retention pass does not fail for it.
/// </summary>
internal static class PurgeLockWait
{
    /// <summary>The option's name.</summary>
    public const string Name = "--wait";

    /// <summary>The pause before the first retry; it doubles after each one, up to <see cref="LongestInterval"/>.</summary>
    private static readonly TimeSpan FirstInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest pause between two tries.</summary>
    public static readonly TimeSpan LongestInterval = TimeSpan.FromSeconds(2);

    /// <summary>The units of a duration, longest first.</summary>
    private static readonly (TimeSpan Length, char Suffix)[] Units =
    [
        (TimeSpan.FromDays(7), 'w'), (TimeSpan.FromDays(1), 'd'), (TimeSpan.FromHours(1), 'h'), (TimeSpan.FromMinutes(1), 'm'), (TimeSpan.FromSeconds(1), 's'),
    ];

    /// <summary>The option, for the command whose <paramref name="lockingOption"/> takes the lock.</summary>
    public static Option<TimeSpan?> Create(string lockingOption) => CliValues.Duration(
        Name,
        $"With {lockingOption}: when another purge holds the store's purge lock, wait up to this long (30s, 5m, 1h) for it to end instead of exiting 2 at once.");

    /// <summary>The error of a command line that gives <c>--wait</c> without <paramref name="lockingOption"/>, or <see langword="null"/>.</summary>
    public static string? WithoutLock(bool waits, bool locks, string lockingOption) => waits && !locks
        ? $"Option {Name} waits for the store's purge lock, which only {lockingOption} takes: give it with {lockingOption}."
        : null;

    /// <summary>
    /// Takes the store's purge lock; while another purge holds it, tries again for up to <paramref name="wait"/> (says
    /// so on <see cref="CliContext.Error"/> once), or not at all without it.
    /// </summary>
    /// <returns>The held lock, or <see langword="null"/> when it was still held by another purge at the end.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (Ctrl-C) meanwhile.</exception>
    public static async Task<IAsyncDisposable?> AcquireAsync(IAuditStore store, TimeSpan? wait, CliContext context, CancellationToken cancellationToken)
    {
        var held = await AuditPurgeLocks.TryAcquireAsync(store, cancellationToken).ConfigureAwait(false);
        if (held is not null || wait is not { } longest)
        {
            return held;
        }

        // Started before the line is written, so that whoever reads it knows the wait is already counted.
        var started = context.Time.GetTimestamp();
        await context.Error.WriteLineAsync($"Another purge is running on this store; waiting up to {Describe(longest)} for it to end...").ConfigureAwait(false);
        var interval = FirstInterval;
        while (longest - context.Time.GetElapsedTime(started) is var left && left > TimeSpan.Zero)
        {
            await Task.Delay(interval < left ? interval : left, context.Time, cancellationToken).ConfigureAwait(false);
            held = await AuditPurgeLocks.TryAcquireAsync(store, cancellationToken).ConfigureAwait(false);
            if (held is not null)
            {
                return held;
            }

            interval = interval * 2 < LongestInterval ? interval * 2 : LongestInterval;
        }

        return null;
    }

    /// <summary>A duration as <c>--wait</c> takes it, in its largest whole unit: <c>5m</c>, <c>90s</c>, <c>2w</c>.</summary>
    public static string Describe(TimeSpan duration)
    {
        foreach (var (length, suffix) in Units)
        {
            if (duration.Ticks % length.Ticks == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{duration.Ticks / length.Ticks}{suffix}");
            }
        }

        // The option parses whole seconds only; a shorter rest still shows.
        return string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s");
    }
}
