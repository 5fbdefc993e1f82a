using System.CommandLine;
using System.Globalization;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Purge;
using AuditTrail.Cli.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Archive;

/// <summary>
/// <c>audittrail archive</c>: writes what a purge before the cutoff would remove (legal holds respected) into sealed
/// segments in a folder, continuing the archive there; with <c>--purge</c> it purges each segment's records once the
/// segment is on disk, and records <c>audit.purged</c> as the purge command does.
/// </summary>
internal static class ArchiveCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("archive", "Archive the records a purge would remove into sealed, signed segments (and purge them with --purge). Exit 0, 2 usage or connection error.");
        var store = new StoreOptions(command);
        var directory = new Option<string>("--dir") { Description = "The archive folder (created when missing).", HelpName = "dir", Required = true }.NotBlankPath();
        var olderThan = CliValues.Duration("--older-than", "Archive records older than this (90d, 12h, 30m, 2w), measured from the newest record or the clock, whichever is earlier.");
        var before = CliValues.Time("--before", "Archive records that occurred before this time.");
        var purge = new Option<bool>("--purge") { Description = "Purge each segment's records once the segment is written." };
        var signingKey = new Option<string?>("--signing-key") { Description = "The checkpoint signing key (private key PEM) that signs the manifests; without it they are unsigned.", HelpName = "pem" }.NotBlankPath();
        var checkpoints = new Option<string?>("--checkpoints")
        {
            Description = "With --purge and --signing-key: the checkpoint folder where the purge signs the new retention anchor, so that verify --checkpoints passes afterwards.",
            HelpName = "dir",
        }.NotBlankPath();
        var maxRecords = CliValues.Integer("--max-records", "The most records per segment (default 10000).", min: 1, max: 1_000_000, defaultValue: 10_000);
        maxRecords.HelpName = "count";
        var wait = PurgeLockWait.Create("--purge");
        command.Options.Add(directory);
        command.Options.Add(olderThan);
        command.Options.Add(before);
        command.Options.Add(purge);
        command.Options.Add(signingKey);
        command.Options.Add(checkpoints);
        command.Options.Add(maxRecords);
        command.Options.Add(wait);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(olderThan) is null) == (result.GetResult(before) is null))
            {
                result.AddError("Give exactly one cutoff: --older-than <duration> or --before <ISO 8601>.");
            }

            if (result.GetResult(checkpoints) is not null && (result.GetResult(signingKey) is null || result.GetResult(purge) is null))
            {
                result.AddError("Option --checkpoints signs the anchor a purge leaves: give it with --purge and --signing-key <pem>.");
            }

            if (PurgeLockWait.WithoutLock(result.GetResult(wait) is not null, result.GetValue(purge), "--purge") is { } error)
            {
                result.AddError(error);
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // The keys and the checkpoint folder are checked before the archive folder is created.
            using var signing = PurgeCommand.Signing(parseResult.GetValue(checkpoints), parseResult.GetValue(signingKey));
            using var key = signing is null ? SigningKey.Read(parseResult.GetValue(signingKey)) : null;
            var folder = Folder(parseResult.GetRequiredValue(directory));
            var signer = (signing?.Key ?? key)?.Signer;
            await using var opened = await store.Read(parseResult).OpenAsync(cancellationToken).ConfigureAwait(false);
            // One purge at a time: held until this one is recorded, and taken before the trail is read (see the purge command).
            await using var purgeLock = parseResult.GetValue(purge)
                ? await PurgedRecording.TakeLockAsync(opened.Store, "archived or purged", parseResult.GetValue(wait), context, cancellationToken).ConfigureAwait(false)
                : null;
            var cutoff = parseResult.GetValue(before)
                ?? await PurgeCommand.CutoffAsync(opened.Store, parseResult.GetValue(olderThan)!.Value, cancellationToken).ConfigureAwait(false);
            await using var services = CliServices.Build(opened.Store, signing);
            cutoff = await services.GetRequiredService<IAuditLegalHolds>().LimitCutoffAsync(cutoff, cancellationToken).ConfigureAwait(false);
            var options = new AuditArchiveOptions { MaxRecordsPerSegment = parseResult.GetValue(maxRecords), Table = store.Read(parseResult).TableName };
            if (parseResult.GetValue(purge)
                && await PurgedRecording.RecordInterruptedAsync(services, signing is not null, cancellationToken).ConfigureAwait(false) is { } interrupted)
            {
                // A purge killed before it recorded itself left rows gone unrecorded: they are recorded before this one starts.
                await context.Output.WriteLineAsync(Invariant($"Recorded as {AuditActions.AuditPurged}: {interrupted}.")).ConfigureAwait(false);
            }

            AuditArchiveResult result;
            await using (context.StartProgress(() => $"archiving records before {Time(cutoff)} to {folder}"))
            {
                result = await ArchiveExecution.RunAsync(
                    opened.Store, new DirectoryAuditArchiveSink(folder), options, signer, cutoff, parseResult.GetValue(purge), services, signing is not null, cancellationToken).ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync(Describe(result, cutoff, Path.GetFullPath(folder), signer is not null, parseResult.GetValue(purge), signing?.Directory)).ConfigureAwait(false);
            return AuditTrailCommand.Valid;
        });
        return command;
    }

    /// <summary>The archive folder, created when missing; one that is a file or cannot be created exits <c>2</c> naming <c>--dir</c>, before the store is opened.</summary>
    private static string Folder(string folder)
    {
        if (File.Exists(folder))
        {
            throw new CliUsageException($"Option --dir: '{folder}' is a file, not a folder; give the archive folder (created when missing).");
        }

        try
        {
            Directory.CreateDirectory(folder);
            return folder;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new CliUsageException($"Option --dir: the archive folder '{folder}' cannot be created: {ex.Message}");
        }
    }

    private static string Describe(AuditArchiveResult result, DateTimeOffset cutoff, string folder, bool signedManifests, bool purged, string? anchorSignedInto)
    {
        var lines = new List<string>
        {
            Invariant($"Archived {result.RecordsArchived} record(s) that occurred before {Time(cutoff)} in {result.Segments.Count} segment(s) to {folder}"),
        };
        if (result.Segments.Count > 0)
        {
            lines.Add(Invariant($"  rows {result.Segments[0].FirstSequence} to {result.Segments[^1].LastSequence}; manifests {(signedManifests ? "signed" : "unsigned (no --signing-key)")}"));
        }

        lines.Add(purged ? Invariant($"Purged {result.RecordsPurged} archived record(s) from the store.") : "Nothing was purged; add --purge to remove the archived records from the store.");
        if (result.RecordsPurged > 0 && anchorSignedInto is not null)
        {
            lines.Add(Invariant($"The new retention anchor is signed into {anchorSignedInto}."));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
