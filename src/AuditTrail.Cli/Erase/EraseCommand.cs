using System.CommandLine;
using System.Globalization;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Erase;

/// <summary>
/// <c>audittrail erase &lt;actor-id&gt;</c>: a dry run by default that prints how many records name the person and the
/// pseudonym that would replace their id; with <c>--execute</c> it erases through <see cref="IAuditErasure"/> (refused
/// under a legal hold) and the erasure is recorded as <c>audit.erased</c>, so the trail still verifies.
/// </summary>
internal static class EraseCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("erase", "Erase a person's personal fields across the trail (a dry run unless --execute). Exit 0, 1 refused under a legal hold, 2 usage or connection error.");
        var store = new StoreOptions(command);
        var actorId = new Argument<string>("actor-id") { Description = "The actor id to erase (it becomes a stable pseudonym)." };
        var keyFile = new Option<string>("--key-file")
        {
            Description = "The pseudonym key: a file of at least 32 random bytes, kept secret and never changed (the same key always gives the same pseudonym).",
            HelpName = "file",
            Required = true,
        }.NotBlankPath();
        var execute = new Option<bool>("--execute") { Description = "Erase for real; without it nothing is changed." };
        command.Arguments.Add(actorId);
        command.Options.Add(keyFile);
        command.Options.Add(execute);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var id = parseResult.GetValue(actorId)!;
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new CliUsageException("<actor-id> is empty or blank: give the id of the person to erase.");
            }

            if (AuditPseudonym.IsPseudonym(id))
            {
                throw new CliUsageException($"<actor-id> '{id}' is already an erasure pseudonym: give the person's original id.");
            }

            var key = await ReadKeyAsync(parseResult.GetValue(keyFile)!, cancellationToken).ConfigureAwait(false);
            var pseudonym = AuditPseudonym.For(key, id);
            await using var opened = await store.Read(parseResult).OpenAsync(cancellationToken).ConfigureAwait(false);
            var services = new ServiceCollection();
            services.AddAuditTrail(options => options.Erasure.PseudonymKey = key).UseStore(_ => opened.Store);
            await using var provider = services.BuildServiceProvider();
            if (!parseResult.GetValue(execute))
            {
                return await DryRunAsync(context, opened.Store, provider.GetRequiredService<IAuditLegalHolds>(), id, pseudonym, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                var result = await provider.GetRequiredService<IAuditErasure>().EraseActorAsync(id, CliContext.Actor, cancellationToken).ConfigureAwait(false);
                await context.Output.WriteAsync(result.RowCount == 0
                    ? Invariant(
                        $"No record names actor '{id}' (as actor or target user; {NotFoundHint}): nothing was rewritten. The request was recorded as {AuditActions.AuditErased} for {result.Pseudonym} (digest {result.Digest}).{Environment.NewLine}")
                    : Invariant(
                        $"Erased actor '{id}': {result.Rewritten} record(s) rewritten, {result.RowCount} now carry {result.Pseudonym}; recorded as {AuditActions.AuditErased} (digest {result.Digest}).{Environment.NewLine}")).ConfigureAwait(false);
                return AuditTrailCommand.Valid;
            }
            catch (AuditErasureRefusedException refused)
            {
                await context.Error.WriteLineAsync($"error: {refused.Message}").ConfigureAwait(false);
                return AuditTrailCommand.ProblemFound;
            }
        });
        return command;
    }

    /// <summary>Says what the erasure would do, or that a legal hold would refuse it: then exits 1, as <c>--execute</c> would.</summary>
    private static async Task<int> DryRunAsync(CliContext context, IAuditStore store, IAuditLegalHolds holds, string id, string pseudonym, CancellationToken cancellationToken)
    {
        var count = await store.CountAsync(new AuditFilter { ScopeActorId = id, ScopeIncludesTargetUser = true }, cancellationToken).ConfigureAwait(false);
        var held = await EraseHoldCheck.FindAsync(store, holds, id, cancellationToken).ConfigureAwait(false);
        await context.Output.WriteLineAsync(Invariant(
            $"Dry run: would erase actor '{id}' on {count} record(s) (as actor or target user); its id would become {pseudonym}.")).ConfigureAwait(false);
        if (count == 0)
        {
            await context.Output.WriteLineAsync(Invariant(
                $"No record names actor '{id}' ({NotFoundHint}); --execute would rewrite nothing and only record the request as {AuditActions.AuditErased}.")).ConfigureAwait(false);
        }

        if (held is ({ } hold, var recordId))
        {
            await context.Output.WriteLineAsync(Invariant(
                $"Refused: legal hold {hold.Id} (\"{hold.Reason}\", placed by {hold.PlacedBy}) covers record {recordId}; --execute would erase nothing until the hold is released.")).ConfigureAwait(false);
            await context.Output.WriteLineAsync("Nothing was changed.").ConfigureAwait(false);
            return AuditTrailCommand.ProblemFound;
        }

        await context.Output.WriteLineAsync("Nothing was changed; add --execute to erase.").ConfigureAwait(false);
        return AuditTrailCommand.Valid;
    }

    private static async Task<byte[]> ReadKeyAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            throw new CliUsageException($"Option --key-file: '{path}' is a directory, not a key file.");
        }

        if (!File.Exists(path))
        {
            throw new CliUsageException($"Option --key-file: the key file '{path}' does not exist.");
        }

        var key = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return key.Length >= AuditErasureOptions.MinimumKeyLength
            ? key
            : throw new CliUsageException($"Option --key-file: the key file '{path}' holds {key.Length} byte(s); a pseudonym key is at least {AuditErasureOptions.MinimumKeyLength}.");
    }

    /// <summary>Why an id may name no record: ids are compared exactly, so another case or a stray space is another person.</summary>
    private const string NotFoundHint = "ids match exactly, case and spaces included";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
