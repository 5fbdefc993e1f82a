using System.CommandLine;
using System.CommandLine.Invocation;
using AuditTrail.Cli.Backup;
using AuditTrail.Cli.Export;
using AuditTrail.Cli.Purge;
using AuditTrail.Cli.Stats;
using AuditTrail.Cli.Verify;

namespace AuditTrail.Cli.Commands;

/// <summary>
/// The command tree: one file per command, each a static <c>Create(CliContext)</c> that returns its
/// <see cref="Command"/> with typed options and an action returning the exit code; a new command is that file and one
/// line here.
/// </summary>
internal static class AuditTrailCommandTree
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("audittrail: verify, export, inspect, purge and back up an AuditTrail store.")
        {
            VerifyCommand.Create(context),
            ExportCommand.Create(context),
            StatsCommand.Create(context),
            PurgeCommand.Create(context),
            BackupCommand.Create(context),
        };

        // The version the package was given (without the commit hash System.CommandLine would append).
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersionAction();
        }

        return root;
    }

    private sealed class PrintVersionAction : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(AuditTrailCommand.Version);
            return AuditTrailCommand.Valid;
        }
    }
}
