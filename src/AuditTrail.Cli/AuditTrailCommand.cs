using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli;

/// <summary>
/// <c>audittrail verify</c> and <c>audittrail export</c>. Exit codes: 0 valid (or exported), 1 a problem was
/// found in the trail, 2 a usage or connection error, with a message that says which.
/// </summary>
internal static class AuditTrailCommand
{
    public const int Valid = 0;
    public const int ProblemFound = 1;
    public const int UsageOrConnectionError = 2;

    public const string Usage = """
        Usage:
          audittrail verify (--sqlite <file> | --postgres <connection string>) [--table <name>] [--schema <name>]
                            [--checkpoints <dir>] [--public-key <pem>]...
          audittrail export (--sqlite <file> | --postgres <connection string>) [--table <name>] [--schema <name>]
                            --format csv|jsonl|ocsf --out <file> [--from <ISO 8601>] [--to <ISO 8601>] [--type <action type>]... [--user <actor id>]...

          audittrail --version

        Exit codes: 0 valid / exported, 1 problem found, 2 usage or connection error.
        """;

    private static readonly HashSet<string> VerifyOptions = [.. StoreConnection.Options, "--checkpoints", "--public-key"];
    private static readonly HashSet<string> ExportOptions = [.. StoreConnection.Options, "--format", "--out", "--from", "--to", "--type", "--user"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            var command = args.Count > 0 ? args[0] : string.Empty;
            return command switch
            {
                "verify" => await VerifyAsync(CliArguments.Parse(args, VerifyOptions), output, cancellationToken),
                "export" => await ExportAsync(CliArguments.Parse(args, ExportOptions), output, cancellationToken),
                "--version" when args.Count == 1 => await WriteVersionAsync(output),
                _ => throw new CliUsageException(command is "" or "--help" or "-h" or "help" ? null : $"Unknown command '{command}'."),
            };
        }
        catch (CliUsageException ex)
        {
            if (ex.Message.Length > 0)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
            }

            await error.WriteLineAsync(Usage);
            return UsageOrConnectionError;
        }
        catch (CliConnectionException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return UsageOrConnectionError;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or TimeoutException)
        {
            await error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}");
            return UsageOrConnectionError;
        }
    }

    /// <summary>The tool's version, as its package was versioned (the informational version, without build metadata).</summary>
    public static string Version
    {
        get
        {
            var informational = typeof(AuditTrailCommand).Assembly
                .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), inherit: false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
                .FirstOrDefault()?.InformationalVersion ?? "0.0.0";
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
    }

    private static async Task<int> WriteVersionAsync(TextWriter output)
    {
        await output.WriteLineAsync(Version);
        return Valid;
    }

    private static async Task<int> VerifyAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var connection = StoreConnection.From(args);
        var checkpointsDirectory = args.Single("--checkpoints");
        if (checkpointsDirectory is not null && !Directory.Exists(checkpointsDirectory))
        {
            throw new CliConnectionException($"The checkpoint folder '{checkpointsDirectory}' does not exist.");
        }

        var keys = ReadKeys(args.All("--public-key"));
        await using var opened = connection.Open();
        if (opened.Store is not IAuditChainStore chain)
        {
            throw new CliConnectionException("This store does not keep a hash chain.");
        }

        var checkpoints = checkpointsDirectory is null ? null : new FileSystemAuditCheckpointSink(checkpointsDirectory);
        var report = await new AuditVerifier(chain, checkpoints, keys).VerifyAsync(cancellationToken);
        await output.WriteLineAsync(Describe(report));
        return report.IsValid ? Valid : ProblemFound;
    }

    private static AuditKeyRing? ReadKeys(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return null;
        }

        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new CliConnectionException($"The public key file '{path}' does not exist.");
            }
        }

        try
        {
            return AuditKeyRing.FromPemFiles(paths);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException($"--public-key: {ex.Message}");
        }
        catch (CryptographicException ex)
        {
            throw new CliUsageException($"--public-key: {ex.Message}");
        }
    }

    internal static string Describe(AuditVerificationReport report)
    {
        var lines = new List<string>
        {
            report.IsValid ? "AuditTrail verification: VALID" : "AuditTrail verification: PROBLEM FOUND",
        };
        if (report.Problem is { } problem)
        {
            lines.Add(Invariant($"  {problem.Kind} at row {problem.Sequence}{(problem.EventId is { } id ? $" (event {id})" : string.Empty)}"));
            lines.Add("  " + problem.Message);
        }

        var range = report.LastSequence is { } last ? Invariant($"up to row {last}") : "the store holds no rows";
        lines.Add(Invariant($"  rows verified: {report.RowsVerified} ({range}); starting after {(report.Anchor is { } anchor ? Invariant($"the retention anchor at row {anchor.Sequence}") : "the first row")}"));
        lines.Add(report.CheckpointsVerified == 0
            ? "  checkpoints: none checked (only the chain's own consistency was verified)"
            : Invariant($"  checkpoints: {report.CheckpointsVerified} checked, the newest at row {report.NewestCheckpointSequence}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static async Task<int> ExportAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        // Every option is checked before the store is looked at.
        var format = args.Required("--format") switch
        {
            "csv" => AuditExportFormat.Csv,
            "jsonl" => AuditExportFormat.JsonLines,
            "ocsf" => AuditExportFormat.Ocsf,
            var other => throw new CliUsageException($"Option --format takes csv, jsonl or ocsf; '{other}' is none of them."),
        };
        var path = args.Required("--out");
        var types = args.All("--type").Select(text => AuditEnumNames.TryParseIgnoreCase(text.Trim(), out AuditActionType type)
                ? type
                : throw new CliUsageException($"Option --type takes one of {string.Join(", ", Enum.GetNames<AuditActionType>())}; '{text}' is none of them."))
            .ToList();
        var query = new AuditQuery
        {
            From = args.Time("--from"),
            To = args.Time("--to"),
            ActionTypes = types,
            ActorIds = args.All("--user").ToList(),
        };

        var connection = StoreConnection.From(args);
        await using var opened = connection.Open();
        var services = new ServiceCollection();
        services.AddAuditTrail().UseStore(_ => opened.Store);
        await using var provider = services.BuildServiceProvider();
        var reader = provider.GetRequiredService<IAuditReader>();
        var viewer = AuditViewer.Admin(CliActor.Id);
        long count;
        try
        {
            await using var file = File.Create(path);
            count = await reader.ExportAsync(viewer, query, format, file, cancellationToken);
        }
        catch (ArgumentException ex) when (ex.ParamName?.StartsWith("query.", StringComparison.Ordinal) == true)
        {
            throw new CliUsageException(ex.Message);
        }

        // Reading audit data is itself an audited action.
        await provider.GetRequiredService<IAuditLogger>().LogAsync(
            new AuditEvent
            {
                Action = AuditActions.AuditExported,
                ActionType = AuditActionType.Access,
                Actor = CliActor,
                Description = Invariant($"Exported {count} audit record(s) as {format} with the audittrail command"),
                Metadata = new Dictionary<string, string>
                {
                    ["format"] = format.ToString(),
                    ["count"] = count.ToString(CultureInfo.InvariantCulture),
                    ["filter.from"] = query.From?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                    ["filter.to"] = query.To?.ToString("O", CultureInfo.InvariantCulture) ?? string.Empty,
                    ["filter.type"] = string.Join(",", types),
                    ["filter.user"] = string.Join(",", query.ActorIds),
                },
            },
            cancellationToken);
        await output.WriteLineAsync(Invariant($"Exported {count} record(s) to {Path.GetFullPath(path)}"));
        return Valid;
    }

    private static readonly AuditActor CliActor = AuditActor.Service("audittrail-cli", "audittrail command");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
