using System.CommandLine;
using System.Globalization;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Progress;
using AuditTrail.Cli.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Export;

/// <summary><c>audittrail export</c>: the matching records as CSV, JSON Lines or OCSF, the export itself recorded as an Access event.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("export", "Export records as csv, jsonl or ocsf; the export is itself recorded as an Access event. Exit 0 exported, 2 usage or connection error.");
        var store = new StoreOptions(command);
        var format = new Option<AuditExportFormat>("--format")
        {
            Description = "The file format.",
            HelpName = "csv|jsonl|ocsf",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens[^1].Value;
                switch (text)
                {
                    case "csv": return AuditExportFormat.Csv;
                    case "jsonl": return AuditExportFormat.JsonLines;
                    case "ocsf": return AuditExportFormat.Ocsf;
                    default:
                        result.AddError($"Option --format takes csv, jsonl or ocsf; '{text}' is none of them.");
                        return default;
                }
            },
        };
        var output = new Option<string>("--out") { Description = "The file to write.", HelpName = "file", Required = true }.NotBlankPath();
        var from = CliValues.Time("--from", "Only records that occurred at or after this time.");
        var to = CliValues.Time("--to", "Only records that occurred before this time.");
        var types = CliValues.EnumList<AuditActionType>("--type", "Only records of this action type (repeatable).");
        var users = new Option<string[]>("--user") { Description = "Only records of this actor id (repeatable).", HelpName = "actor id" };
        var force = new Option<bool>("--force") { Description = "Replace --out when it exists (without it, an existing file is refused)." };
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(types);
        command.Options.Add(users);
        command.Options.Add(force);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var query = new AuditQuery
            {
                From = parseResult.GetValue(from),
                To = parseResult.GetValue(to),
                ActionTypes = parseResult.GetValue(types) ?? [],
                ActorIds = parseResult.GetValue(users) ?? [],
            };
            if (query.From is { } start && query.To is { } end && start > end)
            {
                throw new CliUsageException(Invariant($"Option --from ({start:O}) must not be later than --to ({end:O})."));
            }

            // Checked before the store is opened (never the store's own files); written only once the export is complete.
            var connection = store.Read(parseResult);
            using var file = ExportFile.Check(parseResult.GetRequiredValue(output), parseResult.GetValue(force), connection.SqlitePath);
            return await RunAsync(context, connection, parseResult.GetValue(format), file, query, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, StoreConnection connection, AuditExportFormat format, ExportFile file, AuditQuery query, CancellationToken cancellationToken)
    {
        await using var opened = await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var services = new ServiceCollection();
        services.AddAuditTrail().UseStore(_ => opened.Store);
        await using var provider = services.BuildServiceProvider();
        var reader = provider.GetRequiredService<IAuditReader>();
        var viewer = AuditViewer.Admin(CliContext.Actor.Id);
        long count;
        try
        {
            var stream = file.Create();
            await using (stream.ConfigureAwait(false))
            {
                var counting = new CountingStream(stream);
                await using (context.StartProgress(() => $"exporting to {file.Path}: {ByteSize.Format(counting.Written)} written"))
                {
                    count = await reader.ExportAsync(viewer, query, format, counting, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (ArgumentException ex) when (ex.ParamName?.StartsWith("query.", StringComparison.Ordinal) == true)
        {
            throw new CliUsageException(ExportOptionMessage.Of(ex));
        }

        // Reading audit data is itself an audited action: an export the store will not record is not kept.
        try
        {
            await RecordAsync(provider.GetRequiredService<IAuditLogger>(), format, count, query, cancellationToken).ConfigureAwait(false);
        }
        catch (AuditWriteException ex)
        {
            throw new CliConnectionException(
                $"The store refused the audit.exported event that records every export, so nothing was exported: {(ex.InnerException ?? ex).Message}",
                ex);
        }

        // Moved into place only once the export is complete and recorded.
        file.Commit();
        await context.Output.WriteLineAsync(Invariant($"Exported {count} record(s) to {Path.GetFullPath(file.Path)}")).ConfigureAwait(false);
        return AuditTrailCommand.Valid;
    }

    private static Task<Guid> RecordAsync(IAuditLogger logger, AuditExportFormat format, long count, AuditQuery query, CancellationToken cancellationToken) =>
        logger.LogAsync(
            new AuditEvent
            {
                Action = AuditActions.AuditExported,
                ActionType = AuditActionType.Access,
                Actor = CliContext.Actor,
                Description = Invariant($"Exported {count} audit record(s) as {format} with the audittrail command"),
                Metadata = new Dictionary<string, string>
                {
                    ["format"] = format.ToString(),
                    ["count"] = count.ToString(CultureInfo.InvariantCulture),
                    ["filter.from"] = query.From?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                    ["filter.to"] = query.To?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                    ["filter.type"] = string.Join(",", query.ActionTypes ?? []),
                    ["filter.user"] = string.Join(",", query.ActorIds ?? []),
                },
            },
            cancellationToken);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
