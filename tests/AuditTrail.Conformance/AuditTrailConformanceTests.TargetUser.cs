using System.Text;
using System.Text.Json;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// A regular viewer sees what was done to them: the helpers that concern a user name it as the target user, and every
/// read path admits a viewer's records as actor or as target user (<see cref="AuditTrailOptions.IncludeRecordsAboutViewer"/>).
/// </summary>
public abstract partial class AuditTrailConformanceTests
{
    private static readonly AuditActor Anna = AuditActor.User("u-anna", "Anna Berg");

    /// <summary>Mike's own action, then John (an admin) changing Mike's role and Anna's, and deactivating Anna.</summary>
    private async Task<Dictionary<string, Guid>> SeedRoleChangesAsync(string? tenant = null)
    {
        var ids = new Dictionary<string, Guid>();

        // A second apart, so that newest-first is the order they were logged in.
        async Task Log(string name, Func<Task<Guid>> log)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            ids[name] = await log();
        }

        await AsAsync(Mike, "192.0.2.44", () => Log("mike-own", () => Logger.CreatedAsync(new AuditResource("server", "srv-9", "web-09"), null)), tenant);
        await AsAsync(John, "203.0.113.10", async () =>
        {
            await Log("mike-role", () => Logger.RoleChangedAsync(new AuditResource("user", Mike.Id, "Mike Johnson"), "Viewer", "Operator"));
            await Log("anna-role", () => Logger.RoleChangedAsync(new AuditResource("user", Anna.Id, "Anna Berg"), "Viewer", "Admin"));
            await Log("anna-deactivated", () => Logger.AccountDeactivatedAsync(new AuditResource("user", Anna.Id, "Anna Berg")));
        }, tenant);
        return ids;
    }

    [Fact]
    public async Task EveryReadPath_UserViewer_SeesWhatWasDoneToThem_AndNotWhatWasDoneToOthers()
    {
        var ids = await SeedRoleChangesAsync();
        var mikeSees = new[] { ids["mike-role"], ids["mike-own"] };

        (await IdsAsync(MikeViewer, new AuditQuery())).Should().Equal(mikeSees);
        (await IdsAsync(MikeViewer, new AuditQuery { Limit = 1 })).Should().Equal(mikeSees, "paging keeps the scope");
        (await IdsAsync(MikeViewer, new AuditQuery { Search = "Operator" })).Should().Equal(ids["mike-role"]);
        (await IdsAsync(MikeViewer, new AuditQuery { Search = "Anna" })).Should().BeEmpty();
        (await Reader.CountAsync(MikeViewer, new AuditQuery())).Should().Be(2);
        (await Reader.GetAsync(MikeViewer, ids["mike-role"]))!.TargetUser.Should().Be(new AuditTargetUser(Mike.Id, "Mike Johnson"));
        (await Reader.GetAsync(MikeViewer, ids["anna-role"])).Should().BeNull();
        (await Reader.GetAsync(MikeViewer, ids["anna-deactivated"])).Should().BeNull();
        (await Reader.StreamAsync(MikeViewer, new AuditQuery()).Select(r => r.Id).ToListAsync()).Should().Equal(mikeSees);

        var facets = await Reader.GetFacetsAsync(MikeViewer);
        facets.Actors.Should().Equal(John, Mike);
        facets.Actions.Should().Equal(AuditActions.RoleChanged, AuditActions.Created("server"));

        using var csv = new MemoryStream();
        (await Reader.ExportAsync(MikeViewer, new AuditQuery(), AuditExportFormat.Csv, csv)).Should().Be(2);
        var csvText = Encoding.UTF8.GetString(csv.ToArray());
        csvText.Should().Contain("\"Target User Id\",\"Target User\"").And.Contain("Mike Johnson").And.NotContain(Anna.Id);
        using var jsonl = new MemoryStream();
        (await Reader.ExportAsync(MikeViewer, new AuditQuery(), AuditExportFormat.JsonLines, jsonl)).Should().Be(2);
        var targets = Encoding.UTF8.GetString(jsonl.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("targetUser"))
            .Select(target => target.ValueKind == JsonValueKind.Null ? null : target.GetProperty("id").GetString());
        targets.Should().Equal(Mike.Id, null);
    }

    [Fact]
    public async Task EveryReadPath_UserViewer_FilterByActorInsideTheScope_NarrowsIt()
    {
        var ids = await SeedRoleChangesAsync();

        (await IdsAsync(MikeViewer, new AuditQuery { ActorIds = [Mike.Id] })).Should().Equal(ids["mike-own"]);
        (await IdsAsync(MikeViewer, new AuditQuery { ActorIds = [John.Id] })).Should().Equal(ids["mike-role"]);
        (await IdsAsync(MikeViewer, new AuditQuery { ActorIds = [Anna.Id] })).Should().BeEmpty();
        (await Reader.CountAsync(MikeViewer, new AuditQuery { ActorIds = [John.Id] })).Should().Be(1);
        using var export = new MemoryStream();
        (await Reader.ExportAsync(MikeViewer, new AuditQuery { ActorIds = [John.Id] }, AuditExportFormat.JsonLines, export)).Should().Be(1);
        MikeViewer.AsksOutsideScope(new AuditQuery { ActorIds = [John.Id] }).Should().BeFalse("John's records about Mike are Mike's to see");
    }

    [Fact]
    public async Task EveryReadPath_OptionOff_UserViewerSeesOnlyTheirOwnActions()
    {
        await StartAsync(options => options.IncludeRecordsAboutViewer = false);
        var ids = await SeedRoleChangesAsync();

        (await IdsAsync(MikeViewer, new AuditQuery())).Should().Equal(ids["mike-own"]);
        (await IdsAsync(MikeViewer, new AuditQuery { ActorIds = [John.Id] })).Should().BeEmpty();
        (await Reader.CountAsync(MikeViewer, new AuditQuery())).Should().Be(1);
        (await Reader.GetAsync(MikeViewer, ids["mike-role"])).Should().BeNull();
        (await Reader.GetFacetsAsync(MikeViewer)).Actors.Should().Equal(Mike);
        (await Reader.StreamAsync(MikeViewer, new AuditQuery()).Select(r => r.Id).ToListAsync()).Should().Equal(ids["mike-own"]);
        using var export = new MemoryStream();
        (await Reader.ExportAsync(MikeViewer, new AuditQuery(), AuditExportFormat.Csv, export)).Should().Be(1);
        MikeViewer.AsksOutsideScope(new AuditQuery { ActorIds = [John.Id] }, includeRecordsAboutViewer: false).Should().BeTrue();
    }

    [Fact]
    public async Task EveryReadPath_AdminStillSeesEverything_AndTheTenantScopeStillApplies()
    {
        var acme = await SeedRoleChangesAsync("acme");
        var globex = await SeedRoleChangesAsync("globex");
        var mikeAtAcme = new AuditViewer(Mike.Id, IsAdmin: false, TenantId: "acme");

        (await Reader.CountAsync(Admin, new AuditQuery())).Should().Be(8);
        (await IdsAsync(mikeAtAcme, new AuditQuery())).Should().Equal(acme["mike-role"], acme["mike-own"]);
        (await Reader.GetAsync(mikeAtAcme, globex["mike-role"])).Should().BeNull();
        (await Reader.CountAsync(mikeAtAcme, new AuditQuery { TenantId = "globex" })).Should().Be(0);
    }
}
