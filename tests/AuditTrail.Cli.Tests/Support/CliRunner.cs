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
}
