using AuditTrail.Cli.Progress;

namespace AuditTrail.Cli.Commands;

/// <summary>What every command writes to: its result to <see cref="Output"/>, progress to <see cref="Error"/> (only on a terminal).</summary>
/// <param name="Output">Standard output: the command's result.</param>
/// <param name="Error">Standard error: messages and progress.</param>
/// <param name="ShowProgress">Whether long operations show progress (standard error is a terminal, not redirected).</param>
internal sealed record CliContext(TextWriter Output, TextWriter Error, bool ShowProgress)
{
    /// <summary>The actor the command line records its own actions as.</summary>
    public static readonly AuditActor Actor = AuditActor.Service("audittrail-cli", "audittrail command");

    /// <summary>The clock the commands wait on (<c>--wait</c> for the purge lock); tests give a fake one.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Starts showing progress described by <paramref name="describe"/>; a no-op when progress is off.</summary>
    public CliProgress StartProgress(Func<string> describe) => CliProgress.Start(Error, ShowProgress, describe);
}
