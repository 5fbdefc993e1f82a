using System.CommandLine;
using System.Globalization;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Store;
using AuditTrail.Cli.Verify;

namespace AuditTrail.Cli.Archive;

/// <summary>
/// <c>audittrail verify-archive &lt;dir&gt;</c>: proves the segments in a folder (<see cref="AuditArchiveVerifier"/>) and,
/// given a store, that the store continues the last one: one unbroken chain, or the missing, altered or reordered segment.
/// </summary>
internal static class VerifyArchiveCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("verify-archive", "Verify archive segments (and that a store continues them). Exit 0 valid, 1 problem found, 2 usage or connection error.");
        var directory = new Argument<string>("dir") { Description = "The archive folder." }.NotBlankPath();
        command.Arguments.Add(directory);
        var store = new StoreOptions(command, optional: true);
        var publicKeys = new Option<string[]>("--public-key") { Description = "A trusted public key (PEM); given, every manifest must carry a valid signature. Repeat it after a key rotation.", HelpName = "pem" }.NotBlankPath();
        command.Options.Add(publicKeys);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var folder = parseResult.GetRequiredValue(directory);
            if (!Directory.Exists(folder))
            {
                throw new CliConnectionException(File.Exists(folder)
                    ? $"The archive folder '{folder}' (the <dir> argument) is a file, not a folder."
                    : $"The archive folder '{folder}' (the <dir> argument) does not exist.");
            }

            var keys = VerifyCommand.ReadKeys(parseResult.GetValue(publicKeys) ?? []);
            var sink = new DirectoryAuditArchiveSink(folder);
            var connection = store.ReadOptional(parseResult);
            if (connection is null && (await sink.ListAsync(cancellationToken).ConfigureAwait(false)).Count == 0)
            {
                // Nothing to prove: a wrong folder must not read as a valid archive. With a store, the verifier names the
                // rows a purge removed that no segment holds.
                throw new CliUsageException($"The archive folder '{folder}' (the <dir> argument) holds no segment (no *{AuditArchiveManifest.SegmentExtension} with its {AuditArchiveManifest.ManifestExtension}): give the folder `archive --dir` wrote.");
            }

            await using var opened = connection is null ? null : await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            AuditArchiveVerificationReport report;
            await using (context.StartProgress(() => $"verifying the archive in {folder}"))
            {
                report = await new AuditArchiveVerifier(sink, keys, opened?.Chain).VerifyAsync(cancellationToken).ConfigureAwait(false);
            }

            await context.Output.WriteLineAsync(Describe(report)).ConfigureAwait(false);
            return report.IsValid ? AuditTrailCommand.Valid : AuditTrailCommand.ProblemFound;
        });
        return command;
    }

    internal static string Describe(AuditArchiveVerificationReport report)
    {
        var lines = new List<string> { report.IsValid ? "AuditTrail archive verification: VALID" : "AuditTrail archive verification: PROBLEM FOUND" };
        if (report.Problem is { } problem)
        {
            lines.Add(Invariant($"  {problem.Kind}{(problem.Segment is { } segment ? $" in {segment}" : string.Empty)}"));
            lines.Add("  " + problem.Message);
        }

        var range = report.FirstSequence is { } first ? Invariant($"rows {first} to {report.LastSequence}") : "no rows";
        lines.Add(Invariant($"  segments verified: {report.SegmentsVerified} ({report.RecordsVerified} record(s), {range}, {report.TombstonesVerified} tombstone(s), {report.ErasedVerified} erased row(s))"));
        if (report.FirstSequence > 1)
        {
            // The chain links each segment to the one before, not to row 1: an archive begun after earlier purges and one whose
            // oldest segments were removed look alike, so the rows before the first segment are named rather than passed over.
            lines.Add(Invariant($"  before the archive: rows 1 to {report.FirstSequence - 1} are in no segment (purged before archiving began, or the oldest segments were removed; the archive cannot tell which)"));
        }

        lines.Add(report.SignaturesChecked
            ? "  signatures: checked against the given public keys"
            : Invariant($"  signatures: not checked (no --public-key); {report.UnsignedSegments} segment(s) unsigned"));
        if (report.StoreChecked)
        {
            lines.Add(report.StoreAnchor is { } anchor
                ? Invariant($"  store: its retention anchor at row {anchor.Sequence} {(report.IsValid ? "continues the archive" : "was checked")}")
                : Invariant($"  store: never purged; {(report.IsValid ? "it holds the archived rows as sealed" : "checked")}"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
