using AuditTrail.Cli;
using AuditTrail.Cli.Commands;

namespace AuditTrail.Cli.Tests.Support;

/// <summary>Runs the <c>audittrail</c> command line in process and captures what it writes.</summary>
public static class CliRunner
{
    /// <summary>Runs with progress off, as when standard error is redirected.</summary>
    public static Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunAsync(showProgress: false, args);

    /// <summary>Runs with progress on or off.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(bool showProgress, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AuditTrailCommand.RunAsync(args, new CliContext(output, error, showProgress));
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Starts the command line on <paramref name="time"/>'s clock, with progress off; what it writes can be read while it runs.
    /// </summary>
    public static RunningCli Start(TimeProvider time, CancellationToken cancellationToken, params string[] args)
    {
        var output = new LockedStringWriter();
        var error = new LockedStringWriter();
        var exit = Task.Run(() => AuditTrailCommand.RunAsync(args, new CliContext(output, error, ShowProgress: false) { Time = time }, cancellationToken));
        return new RunningCli(exit, output, error);
    }
}

/// <summary>A command line started by <see cref="CliRunner.Start"/>.</summary>
/// <param name="Exit">Its exit code, once it ends.</param>
/// <param name="Output">What it wrote to standard output so far.</param>
/// <param name="Error">What it wrote to standard error so far.</param>
public sealed record RunningCli(Task<int> Exit, LockedStringWriter Output, LockedStringWriter Error);
