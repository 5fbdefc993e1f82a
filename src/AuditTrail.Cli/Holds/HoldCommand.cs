using System.CommandLine;
using System.Globalization;
using System.Text;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Store;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Cli.Holds;

/// <summary>
/// <c>audittrail hold list|add|release</c>: legal holds in a store, through <see cref="IAuditLegalHolds"/> as the HTTP API
/// uses them, so placing and releasing a hold are recorded as <c>audit.hold_placed</c> / <c>audit.hold_released</c>.
/// </summary>
internal static class HoldCommand
{
    public static Command Create(CliContext context) => new("hold", "List, place and release legal holds. Exit 0, 2 usage or connection error.")
    {
        List(context),
        Add(context),
        Release(context),
    };

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the active legal holds (with --all, released ones too).");
        var store = new StoreOptions(command);
        var tenant = new Option<string?>("--tenant") { Description = "Only the holds scoped to this tenant.", HelpName = "id" };
        var all = new Option<bool>("--all") { Description = "Include released holds." };
        command.Options.Add(tenant);
        command.Options.Add(all);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var opened = await store.Read(parseResult).OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var services = CliServices.Build(opened.Store);
            var holds = await services.GetRequiredService<IAuditLegalHolds>().ListAsync(parseResult.GetValue(tenant), parseResult.GetValue(all), cancellationToken).ConfigureAwait(false);
            await context.Output.WriteAsync(Describe(holds)).ConfigureAwait(false);
            return AuditTrailCommand.Valid;
        });
        return command;
    }

    private static Command Add(CliContext context)
    {
        var command = new Command("add", "Place a legal hold: nothing in its scope is purged, tombstoned or erased until it is released.");
        var store = new StoreOptions(command);
        var reason = new Option<string>("--reason") { Description = "Why (a case number, a request).", HelpName = "text", Required = true };
        var placedBy = new Option<string>("--placed-by") { Description = "The id of who places it (recorded as the actor).", HelpName = "id", Required = true };
        var tenant = new Option<string?>("--tenant") { Description = "Keep this tenant's records.", HelpName = "id" };
        var actor = new Option<string?>("--actor") { Description = "Keep this actor's records.", HelpName = "id" };
        var from = CliValues.Time("--from", "Keep records that occurred at or after this time.");
        var until = CliValues.Time("--until", "Keep records that occurred before this time.");
        foreach (var option in new Option[] { reason, placedBy, tenant, actor, from, until })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var scope = HoldInput.Scope(parseResult.GetValue(tenant), parseResult.GetValue(actor), parseResult.GetValue(from), parseResult.GetValue(until));
            var why = HoldInput.Reason(parseResult.GetRequiredValue(reason));
            var by = AuditActor.User(HoldInput.Id("--placed-by", parseResult.GetRequiredValue(placedBy)), null);
            await using var opened = await store.Read(parseResult).OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var services = CliServices.Build(opened.Store);
            AuditLegalHold hold;
            try
            {
                hold = await services.GetRequiredService<IAuditLegalHolds>().PlaceAsync(scope, why, by, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException ex) when (HoldInput.Translate(ex) is { } translated)
            {
                throw translated;
            }

            await context.Output.WriteLineAsync($"Placed legal hold {hold.Id} ({Scope(hold.Scope)}); recorded as {AuditActions.HoldPlaced}.").ConfigureAwait(false);
            return AuditTrailCommand.Valid;
        });
        return command;
    }

    private static Command Release(CliContext context)
    {
        var command = new Command("release", "Release a legal hold.");
        var id = new Argument<Guid>("id") { Description = "The hold's id (from hold list)." };
        command.Arguments.Add(id);
        var store = new StoreOptions(command);
        var releasedBy = new Option<string>("--released-by") { Description = "The id of who releases it (recorded as the actor).", HelpName = "id", Required = true };
        command.Options.Add(releasedBy);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var holdId = parseResult.GetRequiredValue(id);
            var by = AuditActor.User(HoldInput.Id("--released-by", parseResult.GetRequiredValue(releasedBy)), null);
            await using var opened = await store.Read(parseResult).OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var services = CliServices.Build(opened.Store);
            var holds = services.GetRequiredService<IAuditLegalHolds>();
            var wasActive = (await holds.ListAsync(tenantId: null, includeReleased: false, cancellationToken).ConfigureAwait(false)).Any(h => h.Id == holdId);
            var hold = await holds.ReleaseAsync(holdId, by, cancellationToken).ConfigureAwait(false)
                ?? throw new CliUsageException($"No legal hold has the id {holdId}; 'audittrail hold list --all' lists them.");
            await context.Output.WriteLineAsync(wasActive
                ? $"Released legal hold {hold.Id}; recorded as {AuditActions.HoldReleased}."
                : $"Legal hold {hold.Id} was already released by {hold.ReleasedBy}; nothing changed.").ConfigureAwait(false);
            return AuditTrailCommand.Valid;
        });
        return command;
    }

    internal static string Describe(IReadOnlyList<AuditLegalHold> holds)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{holds.Count} legal hold(s)").AppendLine();
        foreach (var hold in holds)
        {
            var state = hold.IsActive ? "active" : string.Create(CultureInfo.InvariantCulture, $"released {Time(hold.ReleasedAt!.Value)} by {hold.ReleasedBy}");
            text.Append(CultureInfo.InvariantCulture, $"  {hold.Id}  {state}; placed {Time(hold.PlacedAt)} by {hold.PlacedBy}; {Scope(hold.Scope)}; reason: {hold.Reason}").AppendLine();
        }

        return text.ToString();
    }

    private static string Scope(AuditLegalHoldScope scope)
    {
        var parts = new List<string>();
        if (scope.TenantId is { } tenant)
        {
            parts.Add($"tenant {tenant}");
        }

        if (scope.ActorId is { } actor)
        {
            parts.Add($"actor {actor}");
        }

        if (scope.From is { } from)
        {
            parts.Add($"from {Time(from)}");
        }

        if (scope.Until is { } until)
        {
            parts.Add($"until {Time(until)}");
        }

        return string.Join(", ", parts);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
