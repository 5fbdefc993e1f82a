using AuditTrail.Cli;
using AuditTrail.Cli.Commands;

namespace AuditTrail.PostgreSql.Tests.Support;

/// <summary>Runs the <c>audittrail</c> command line in process, without progress, and returns its exit code and output.</summary>
public static class CliRunner
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AuditTrailCommand.RunAsync(args, new CliContext(output, error, ShowProgress: false));
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The options that name <paramref name="schema"/>'s store.</summary>
    public static string[] StoreOf(TestSchema schema) => ["--postgres", schema.ConnectionString, "--schema", schema.Name];
}
