using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Store;

namespace AuditTrail.Cli.Verify;

/// <summary><c>audittrail verify</c>: the hash chain from the retention anchor, and the signed checkpoints against the given keys.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("verify", "Verify the hash chain and the signed checkpoints. Exit 0 valid, 1 problem found, 2 usage or connection error.");
        var store = new StoreOptions(command);
        var checkpoints = new Option<string?>("--checkpoints") { Description = "The folder of signed checkpoints to check the chain against.", HelpName = "dir" }.NotBlankPath();
        var publicKeys = new Option<string[]>("--public-key") { Description = "A trusted public key (PEM); repeat it after a key rotation.", HelpName = "pem" }.NotBlankPath();
        command.Options.Add(checkpoints);
        command.Options.Add(publicKeys);
        var retention = new RetentionPolicyOptions(command);
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            context, store.Read(parseResult), parseResult.GetValue(checkpoints), parseResult.GetValue(publicKeys) ?? [], retention.Read(parseResult), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, StoreConnection connection, string? checkpointsDirectory, string[] keyFiles, AuditRetentionOptions? retention, CancellationToken cancellationToken)
    {
        if (checkpointsDirectory is not null && !Directory.Exists(checkpointsDirectory))
        {
            throw new CliConnectionException($"Option --checkpoints: the checkpoint folder '{checkpointsDirectory}' does not exist.");
        }

        var keys = ReadKeys(keyFiles);
        await using var opened = await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var chain = opened.Chain;
        var checkpoints = checkpointsDirectory is null ? null : new FileSystemAuditCheckpointSink(checkpointsDirectory);
        AuditVerificationReport report;
        var rows = await CountChainRowsAsync(chain, cancellationToken).ConfigureAwait(false);
        await using (var progress = context.StartProgress(() => Invariant($"verifying {rows} row(s) of the chain")))
        {
            report = await new AuditVerifier(chain, checkpoints, keys, retention, TimeProvider.System).VerifyAsync(cancellationToken).ConfigureAwait(false);
        }

        await context.Output.WriteLineAsync(Describe(report)).ConfigureAwait(false);
        return report.IsValid ? AuditTrailCommand.Valid : AuditTrailCommand.ProblemFound;
    }

    private static async Task<long> CountChainRowsAsync(IAuditChainStore chain, CancellationToken cancellationToken)
    {
        long head;
        try
        {
            head = (await chain.GetHeadAsync(cancellationToken).ConfigureAwait(false))?.Sequence ?? 0;
        }
        catch (InvalidDataException)
        {
            // The newest row holds no valid hash, which the verifier reports; this is only the progress line's count.
            return 0;
        }

        var anchor = await chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
        return Math.Max(0, head - (anchor?.Sequence ?? 0));
    }

    /// <summary>
    /// The trusted public keys of <c>--public-key</c>, or <see langword="null"/> when none is given. A file that holds no
    /// P-256 key exits <c>2</c> naming the option and the file, in the command's words rather than a parameter of the library.
    /// </summary>
    internal static AuditKeyRing? ReadKeys(string[] paths)
    {
        if (paths.Length == 0)
        {
            return null;
        }

        var ring = new AuditKeyRing();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                throw new CliUsageException($"Option --public-key: '{path}' is a directory, not a public key PEM file.");
            }

            if (!File.Exists(path))
            {
                throw new CliConnectionException($"Option --public-key: the public key file '{path}' does not exist.");
            }

            using var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(File.ReadAllText(path));
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                throw new CliUsageException($"Option --public-key: the file '{path}' holds no ECDSA P-256 key in PEM (BEGIN PUBLIC KEY).");
            }

            if (key.KeySize != 256)
            {
                throw new CliUsageException($"Option --public-key: the file '{path}' holds a {key.KeySize}-bit key; checkpoints are signed with ECDSA P-256.");
            }

            if (!AuditKeyRing.IsP256(key))
            {
                throw new CliUsageException($"Option --public-key: the file '{path}' holds an ECDSA key that is not on the P-256 curve; checkpoints are signed with ECDSA P-256.");
            }

            ring.Add(key);
        }

        return ring;
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

        lines.Add("  " + DescribeRows(report));
        if (report.TombstonesVerified > 0 || report.ErasedVerified > 0)
        {
            lines.Add(Invariant($"  of them tombstones (expired by the retention policy): {report.TombstonesVerified}; erased rows (each covered by its audit.erased record): {report.ErasedVerified}"));
        }

        if (report.PurgeUnderWay is { } intent)
        {
            lines.Add(Invariant($"  a purge is under way or was interrupted: the retention anchor at row {report.Anchor?.Sequence} is covered by the purge signed at {AuditChain.FormatTime(intent.CreatedAt)} (rows up to {intent.Sequence}); its anchor is signed when it ends"));
        }

        lines.Add(report.CheckpointsVerified == 0
            ? StoppedAtCheckpoints(report) ? "  checkpoints: none checked (one could not be read)" : "  checkpoints: none checked (only the chain's own consistency was verified)"
            : Invariant($"  checkpoints: {report.CheckpointsVerified} checked, the newest at row {report.NewestCheckpointSequence}"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Which rows were verified: from where, up to where, or why none were read.</summary>
    private static string DescribeRows(AuditVerificationReport report)
    {
        // The checkpoints, then the retention anchor, are checked before any row is read.
        if (StoppedAtCheckpoints(report))
        {
            return "rows verified: 0 (verification stopped at the checkpoint problem, before reading rows)";
        }

        if (report.Problem is { Kind: AuditIntegrityProblemKind.RewrittenChain } && report.LastSequence is null)
        {
            return "rows verified: 0 (verification stopped at the retention anchor problem, before reading rows)";
        }

        if (report.LastSequence is not { } last)
        {
            return Invariant($"rows verified: {report.RowsVerified} (the store holds no rows)");
        }

        var range = report.Problem is { } problem && problem.Sequence == last ? Invariant($"stopped at row {last}") : Invariant($"up to row {last}");
        var start = report.Anchor is { } anchor ? Invariant($"after the retention anchor at row {anchor.Sequence}") : "at row 1";
        return Invariant($"rows verified: {report.RowsVerified} ({range}); starting {start}");
    }

    private static bool StoppedAtCheckpoints(AuditVerificationReport report) =>
        report.Problem is { Kind: AuditIntegrityProblemKind.UnknownKey or AuditIntegrityProblemKind.BadSignature or AuditIntegrityProblemKind.CheckpointChainBroken };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
