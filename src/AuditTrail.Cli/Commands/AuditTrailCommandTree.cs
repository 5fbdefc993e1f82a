using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using AuditTrail.Cli.Archive;
using AuditTrail.Cli.Backup;
using AuditTrail.Cli.Erase;
using AuditTrail.Cli.Export;
using AuditTrail.Cli.Holds;
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
    public static Command Create(CliContext context)
    {
        // Named "audittrail" whatever the process is called (a .NET tool, dotnet AuditTrail.Cli.dll, a test host).
        var root = new Command("audittrail", "Verify, export, inspect, purge, back up and archive an AuditTrail store, and keep its legal holds.")
        {
            new HelpOption(),

            // The version the package was given (without the commit hash System.CommandLine would append).
            new VersionOption { Action = new PrintVersionAction() },
            VerifyCommand.Create(context),
            ExportCommand.Create(context),
            StatsCommand.Create(context),
            PurgeCommand.Create(context),
            EraseCommand.Create(context),
            BackupCommand.Create(context),
            ArchiveCommand.Create(context),
            VerifyArchiveCommand.Create(context),
            ImportCommand.Create(context),
            HoldCommand.Create(context),
        };

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
