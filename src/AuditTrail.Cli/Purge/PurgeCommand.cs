using System.CommandLine;
using System.Globalization;
using System.Text;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Store;
using AuditTrail.PostgreSql;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Purge;

/// <summary>
/// <c>audittrail purge</c>: a dry run by default that prints what would go; with <c>--execute</c> it purges through
/// the store's purge (which keeps the retention anchor, so the rest of the chain still verifies) and records an
/// <c>audit.purged</c> event as retention does.
/// </summary>
internal static class PurgeCommand
{
    /// <summary>How many rows one purge transaction removes.</summary>
    public const int BatchSize = 1_000;

    public static Command Create(CliContext context)
    {
        var command = new Command("purge", "Purge the records that occurred before a cutoff (a dry run unless --execute). Exit 0, 2 usage or connection error.");
        var store = new StoreOptions(command);
        var olderThan = CliValues.Duration("--older-than", "Purge records older than this (90d, 12h, 30m, 2w), measured from the newest record or the clock, whichever is earlier.");
        var before = CliValues.Time("--before", "Purge records that occurred before this time.");
        var execute = new Option<bool>("--execute") { Description = "Purge for real; without it nothing is deleted." };
        var checkpoints = new Option<string?>("--checkpoints")
        {
            Description = "With --signing-key: the checkpoint folder where the purge signs the new retention anchor, so that verify --checkpoints passes afterwards.",
            HelpName = "dir",
        }.NotBlankPath();
        var signingKey = new Option<string?>("--signing-key") { Description = "The checkpoint signing key (private key PEM) that signs the anchor.", HelpName = "pem" }.NotBlankPath();
        var wait = PurgeLockWait.Create("--execute");
        command.Options.Add(olderThan);
        command.Options.Add(before);
        command.Options.Add(execute);
        command.Options.Add(checkpoints);
        command.Options.Add(signingKey);
        command.Options.Add(wait);
        command.Validators.Add(result =>
        {
            if ((result.GetResult(olderThan) is null) == (result.GetResult(before) is null))
            {
                result.AddError("Give exactly one cutoff: --older-than <duration> or --before <ISO 8601>.");
            }

            if ((result.GetResult(checkpoints) is null) != (result.GetResult(signingKey) is null))
            {
                result.AddError("Give --checkpoints <dir> and --signing-key <pem> together (the purge signs its anchor with the key into the folder), or neither.");
            }

            // A dry run takes no lock, so it has nothing to wait for: a cron line with --wait but no --execute is a mistake.
            if (PurgeLockWait.WithoutLock(result.GetResult(wait) is not null, result.GetValue(execute), "--execute") is { } error)
            {
                result.AddError(error);
            }
        });
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            // The key is checked in full before anything is read or purged: a purge that cannot sign its anchor must not start.
            using var signing = Signing(parseResult.GetValue(checkpoints), parseResult.GetValue(signingKey));
            await using var opened = await store.Read(parseResult).OpenAsync(cancellationToken).ConfigureAwait(false);

            // One purge at a time: held until this one is recorded, so that neither it nor another takes the other's
            // batches for a killed purge's. Taken before the trail is read, so that after a wait (--wait) the cutoff, the
            // holds and the plan are those of the trail the other purge left.
            await using var purgeLock = parseResult.GetValue(execute)
                ? await PurgedRecording.TakeLockAsync(opened.Store, "purged", parseResult.GetValue(wait), context, cancellationToken).ConfigureAwait(false)
                : null;
            var asked = parseResult.GetValue(before)
                ?? await CutoffAsync(opened.Store, parseResult.GetValue(olderThan)!.Value, cancellationToken).ConfigureAwait(false);

            // As retention: nothing a legal hold keeps goes, so the cutoff stops before the first held record. The
            // services dispose the store with them, so they live as long as the command.
            await using var services = CliServices.Build(opened.Store, signing);
            var cutoff = await services.GetRequiredService<IAuditLegalHolds>().LimitCutoffAsync(asked, cancellationToken).ConfigureAwait(false);

            var held = cutoff < asked ? Invariant($"  A legal hold moved the cutoff back from {Time(asked)}.{Environment.NewLine}") : string.Empty;
            var plan = await PurgePlan.ReadAsync(opened.Chain, cutoff, cancellationToken).ConfigureAwait(false);
            var months = opened.Store is PostgreSqlAuditStore postgres
                ? await postgres.PlanPartitionDropsAsync(cutoff, cancellationToken).ConfigureAwait(false)
                : [];
            if (!parseResult.GetValue(execute))
            {
                await context.Output.WriteAsync(
                    Describe("Dry run: would purge", plan, cutoff) + held + PurgeMonths.Describe("would go", months, plan.Count) +
                    "Nothing was deleted; add --execute to purge." + Environment.NewLine).ConfigureAwait(false);
                return AuditTrailCommand.Valid;
            }

            // A purge killed before it recorded itself left rows gone unrecorded: they are recorded before this one starts.
            if (await PurgedRecording.RecordInterruptedAsync(services, signing is not null, cancellationToken).ConfigureAwait(false) is { } interrupted)
            {
                await context.Output.WriteLineAsync(Invariant($"Recorded as {AuditActions.AuditPurged}: {interrupted}.")).ConfigureAwait(false);
            }

            var purged = await PurgeExecution.RunAsync(opened.Store, cutoff, signing, cancellationToken, services.GetRequiredService<IAuditLegalHolds>()).ConfigureAwait(false);
            var (dropped, kept) = await PurgeMonths.SplitAsync(opened.Store, months, cutoff, cancellationToken).ConfigureAwait(false);
            if (kept.Count > 0)
            {
                await context.Error.WriteLineAsync(PurgeMonths.DescribeKept(kept)).ConfigureAwait(false);
            }

            var anchor = await opened.Chain.GetAnchorAsync(cancellationToken).ConfigureAwait(false);
            await context.Output.WriteAsync(
                DescribePurged(plan, purged, cutoff) + held + PurgeMonths.Describe("went", dropped, purged) +
                (purged == 0
                    ? Invariant($"Nothing went, so there was nothing to record as {AuditActions.AuditPurged}; the chain starts after the retention anchor at row {anchor?.Sequence ?? 0} as before.")
                    : Invariant($"The chain now starts after the retention anchor at row {anchor?.Sequence ?? 0}; the purge was recorded as {AuditActions.AuditPurged}") +
                        (signing is null ? "." : Invariant($" and the anchor signed into {signing.Directory}."))) +
                Environment.NewLine).ConfigureAwait(false);
            return AuditTrailCommand.Valid;
        });
        return command;
    }

    /// <summary>
    /// The cutoff of <c>--older-than</c>, measured as retention measures it: from the earlier of the clock and the newest
    /// record, so that a clock that is ahead never purges what was written within the period.
    /// </summary>
    internal static async Task<DateTimeOffset> CutoffAsync(IAuditStore store, TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var newest = await store.GetNewestRecordedAtAsync(cancellationToken).ConfigureAwait(false);
        var from = newest is { } recorded && recorded < now ? recorded : now;
        return from - DateTimeOffset.MinValue >= olderThan
            ? from - olderThan
            : throw new CliUsageException(Invariant($"Option --older-than: {olderThan:%d} days before {Time(from)} is before the year 1; give a shorter duration or --before."));
    }

    internal static PurgeSigning? Signing(string? directory, string? keyPath)
    {
        if (directory is null || keyPath is null)
        {
            return null;
        }

        if (!Directory.Exists(directory))
        {
            throw new CliConnectionException($"Option --checkpoints: the checkpoint folder '{directory}' does not exist.");
        }

        return new PurgeSigning(directory, SigningKey.Read(keyPath)!);
    }

    private static string Describe(string verb, PurgePlan plan, DateTimeOffset cutoff)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{verb} {plan.Count} record(s) that occurred before {Time(cutoff)}").AppendLine();
        if (plan.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  rows {plan.FirstSequence} to {plan.LastSequence}, occurred {Time(plan.OldestOccurredAt!.Value)} to {Time(plan.NewestOccurredAt!.Value)}").AppendLine();
            foreach (var (type, count) in plan.ByActionType)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {type,-14} {count,10}").AppendLine();
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// What went. The plan's rows and types are what went when the count agrees; when it does not, another process purged
    /// (or wrote) meanwhile, and the plan's details would describe records this run did not remove, so they are not shown.
    /// </summary>
    internal static string DescribePurged(PurgePlan plan, long purged, DateTimeOffset cutoff) => purged == plan.Count
        ? Describe("Purged", plan, cutoff)
        : Describe("Purged", plan with { Count = purged, ByActionType = [] }, cutoff).Split(Environment.NewLine)[0] + Environment.NewLine +
            Invariant($"  The trail changed meanwhile (another purge or writer): {plan.Count} record(s) were found before the purge (rows {plan.FirstSequence} to {plan.LastSequence}); {purged} went in this run.") +
            Environment.NewLine;

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
