using System.CommandLine;
using System.Globalization;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Store;
using AuditTrail.Cli.Verify;

namespace AuditTrail.Cli.Archive;

/// <summary>
/// <c>audittrail import &lt;segment&gt;</c>: loads a segment's records into a store for an investigation, ids kept. The
/// store's writes are idempotent by event id, so a second import adds nothing. A tombstone is imported as a tombstone:
/// its emptied record is written, then tombstoned by the store with its reason (<see cref="IAuditTombstoneStore"/>), so
/// the investigation store shows it as the live store did and still verifies. A segment whose manifest, hash or links do not verify is refused unless <c>--force</c>.
/// </summary>
internal static class ImportCommand
{
    private const int BatchSize = 500;

    public static Command Create(CliContext context)
    {
        var command = new Command("import", "Load an archive segment's records into a store (ids kept; a second import adds nothing). Exit 0, 1 segment does not verify, 2 usage or connection error.");
        var segment = new Argument<string>("segment") { Description = "The segment file (.jsonl.gz), its manifest beside it." }.NotBlankPath();
        command.Arguments.Add(segment);
        var store = new StoreOptions(command);
        var publicKeys = new Option<string[]>("--public-key") { Description = "A trusted public key (PEM); given, the manifest must carry a valid signature.", HelpName = "pem" }.NotBlankPath();
        var force = new Option<bool>("--force") { Description = "Import even when the segment does not verify (never one of another archive format)." };
        command.Options.Add(publicKeys);
        command.Options.Add(force);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = Path.GetFullPath(parseResult.GetRequiredValue(segment));
            if (!File.Exists(path))
            {
                throw new CliConnectionException($"The segment '{path}' (the <segment> argument) does not exist.");
            }

            if (!File.Exists(path + ".manifest.json"))
            {
                // Not a segment of an archive folder (a file of another kind, or one copied without its manifest).
                throw new CliUsageException($"The <segment> argument names '{path}', which has no manifest beside it ('{Path.GetFileName(path)}.manifest.json'): give a segment of an archive folder, as `archive` wrote it.");
            }

            var sink = new DirectoryAuditArchiveSink(Path.GetDirectoryName(path)!);
            var name = Path.GetFileName(path);
            var keys = VerifyCommand.ReadKeys(parseResult.GetValue(publicKeys) ?? []);
            var report = await new AuditArchiveVerifier(sink, keys, store: null).VerifySegmentAsync(name, cancellationToken).ConfigureAwait(false);
            if (report.Problem is { } problem)
            {
                if (!parseResult.GetValue(force) || await ManifestFormat.OtherVersionAsync(path + ".manifest.json", cancellationToken).ConfigureAwait(false) is not null)
                {
                    var hint = parseResult.GetValue(force) ? "--force does not import a segment of another archive format." : "add --force to import it anyway.";
                    await context.Output.WriteLineAsync($"Refused: {problem.Message} Nothing was imported; {hint}").ConfigureAwait(false);
                    return AuditTrailCommand.ProblemFound;
                }

                await context.Error.WriteLineAsync($"warning: {problem.Message} Importing anyway (--force).").ConfigureAwait(false);
            }

            await using var opened = await store.ReadNewOrExisting(parseResult).OpenOrCreateAsync(cancellationToken).ConfigureAwait(false);
            var head = (await opened.Chain.GetHeadAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? 0;
            var (ids, tombstones, unreadable) = await ImportAsync(new AuditArchiveReader(sink), name, opened.Store, cancellationToken).ConfigureAwait(false);
            var read = ids.Count;

            // Counted from the rows after the head whose ids the segment holds: the application may write into the store meanwhile.
            var (added, tombstoned, resumed) = await ImportedTombstones.ApplyAsync(opened.Store, head, ids, tombstones, cancellationToken).ConfigureAwait(false);
            var earlier = resumed > 0 ? string.Create(CultureInfo.InvariantCulture, $", and {resumed} an earlier import had written but not tombstoned") : string.Empty;
            await context.Output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Imported {name}: {added} record(s) added, {read - added} already in the store; {tombstoned} of the added as tombstones{earlier} ({tombstones.Count} in the segment).")).ConfigureAwait(false);
            if (unreadable is not null)
            {
                // Only with --force (a segment that verifies reads to its end): what was read is in, and the rest is said to be missing.
                await context.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"error: the segment cannot be read past its record {read}: {unreadable} The {read} record(s) before it were imported (--force); the rest of the segment was not.")).ConfigureAwait(false);
                return AuditTrailCommand.ProblemFound;
            }

            return AuditTrailCommand.Valid;
        });
        return command;
    }

    /// <summary>Writes every record of the segment, tombstones as their emptied records; returns the records' ids, the tombstones' entries (emptied record and reason) by id, and why the segment could not be read to its end, if it could not.</summary>
    private static async Task<(HashSet<Guid> Ids, Dictionary<Guid, AuditChainEntry> Tombstones, string? Unreadable)> ImportAsync(AuditArchiveReader reader, string name, IAuditStore store, CancellationToken cancellationToken)
    {
        var ids = new HashSet<Guid>();
        var tombstones = new Dictionary<Guid, AuditChainEntry>();
        var batch = new List<AuditRecord>(BatchSize);
        string? unreadable = null;
        try
        {
            await foreach (var entry in reader.ReadEntriesAsync(name, cancellationToken).ConfigureAwait(false))
            {
                if (entry.Tombstone is not null)
                {
                    tombstones[entry.Record.Id] = entry;
                }

                batch.Add(entry.Record);
                ids.Add(entry.Record.Id);
                if (batch.Count == BatchSize)
                {
                    await store.WriteAsync([.. batch], cancellationToken).ConfigureAwait(false);
                    batch.Clear();
                }
            }
        }
        catch (InvalidDataException ex)
        {
            // A truncated or damaged segment imported with --force: the records read before the damage still go in.
            unreadable = ex.Message;
        }

        if (batch.Count > 0)
        {
            await store.WriteAsync([.. batch], cancellationToken).ConfigureAwait(false);
        }

        return (ids, tombstones, unreadable);
    }
}
