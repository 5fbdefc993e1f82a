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
        var checkpoints = new Option<string?>("--checkpoints") { Description = "The folder of signed checkpoints to check the chain against.", HelpName = "dir" };
        var publicKeys = new Option<string[]>("--public-key") { Description = "A trusted public key (PEM); repeat it after a key rotation.", HelpName = "pem" };
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
            throw new CliConnectionException($"The checkpoint folder '{checkpointsDirectory}' does not exist.");
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
        var head = await chain.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var anchor = await chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
        return Math.Max(0, (head?.Sequence ?? 0) - (anchor?.Sequence ?? 0));
    }

    /// <summary>The trusted public keys of <c>--public-key</c>, or <see langword="null"/> when none is given.</summary>
    internal static AuditKeyRing? ReadKeys(string[] paths)
    {
        if (paths.Length == 0)
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
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
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
        if (report.TombstonesVerified > 0 || report.ErasedVerified > 0)
        {
            lines.Add(Invariant($"  of them tombstones (expired by the retention policy): {report.TombstonesVerified}; erased rows (each covered by its audit.erased record): {report.ErasedVerified}"));
        }

        lines.Add(report.CheckpointsVerified == 0
            ? "  checkpoints: none checked (only the chain's own consistency was verified)"
            : Invariant($"  checkpoints: {report.CheckpointsVerified} checked, the newest at row {report.NewestCheckpointSequence}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
