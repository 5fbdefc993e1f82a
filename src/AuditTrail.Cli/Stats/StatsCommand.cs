using System.CommandLine;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Store;

namespace AuditTrail.Cli.Stats;

/// <summary><c>audittrail stats</c>: rows, size, time range, chain head, rows per category, spool and search index state.</summary>
internal static class StatsCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("stats", "Show rows, size, oldest/newest, chain head, rows per action type and action code prefix, the spool and the search index. Exit 0, 2 usage or connection error.");
        var store = new StoreOptions(command);
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var top = CliValues.Integer("--top", "How many action code prefixes to list (default 10).", min: 1, max: 1000, defaultValue: 10);
        var spool = new Option<string?>("--spool")
        {
            Description = "The spool directory to report (default for SQLite: '<database file>.spool' when it exists).",
            HelpName = "dir",
        }.NotBlankPath();
        command.Options.Add(json);
        command.Options.Add(top);
        command.Options.Add(spool);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var connection = store.Read(parseResult);
            var spoolDirectory = parseResult.GetValue(spool);
            if (spoolDirectory is not null && !Directory.Exists(spoolDirectory))
            {
                throw new CliConnectionException($"Option --spool: the spool directory '{spoolDirectory}' does not exist.");
            }

            await using var opened = await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            var stats = await StoreStatsReader.ReadAsync(connection, opened, parseResult.GetValue(top), spoolDirectory, cancellationToken).ConfigureAwait(false);
            await context.Output.WriteAsync(parseResult.GetValue(json) ? StatsJson.Format(stats) : StatsText.Format(stats)).ConfigureAwait(false);
            return AuditTrailCommand.Valid;
        });
        return command;
    }
}
