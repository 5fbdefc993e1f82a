using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditTrailConformanceTests
{
    /// <summary>A small trail: six events by three users over three days.</summary>
    private async Task<Dictionary<string, Guid>> SeedTrailAsync()
    {
        var ids = new Dictionary<string, Guid>();
        async Task Log(string name, AuditEvent e) => ids[name] = await Logger.LogAsync(e);

        await Log("john-login", Event(John, AuditActions.LoginSucceeded, AuditActionType.Authentication) with { OccurredAt = Now.AddDays(-3), SourceIp = "203.0.113.10" });
        await Log("john-update", Event(John, "server.updated", AuditActionType.Update) with
        {
            OccurredAt = Now.AddDays(-2),
            Resource = new AuditResource("server", "srv-1", "web-01"),
            Changes = [new AuditFieldChange("load_multiplier", "1.0", "1.5")],
            SourceIp = "203.0.113.10",
        });
        await Log("sarah-delete", Event(Sarah, "alert_rule.deleted", AuditActionType.Delete) with
        {
            OccurredAt = Now.AddDays(-1),
            Resource = new AuditResource("alert_rule", "rule-7", "High CPU 100%_now"),
            SourceIp = "198.51.100.23",
            TenantId = "acme",
        });
        await Log("sarah-failed", Event(Sarah, AuditActions.LoginFailed, AuditActionType.Authentication) with
        {
            OccurredAt = Now.AddHours(-5),
            Outcome = AuditOutcome.Failure,
            FailureReason = "invalid password",
            SourceIp = "198.51.100.23",
        });
        await Log("mike-password", Event(Mike, AuditActions.PasswordChanged, AuditActionType.Security) with
        {
            OccurredAt = Now.AddHours(-1),
            Resource = new AuditResource("user", Mike.Id, "Mike O'Brien \"the admin\""),
            SourceIp = "192.0.2.44",
        });
        await Log("mike-update", Event(Mike, "server.updated", AuditActionType.Update) with
        {
            OccurredAt = Now,
            Resource = new AuditResource("server", "srv-1", "web-01"),
            Description = "Set weight to 50% ' OR 1=1 --",
            SourceIp = "192.0.2.44",
        });
        return ids;
    }

    private async Task<IEnumerable<Guid>> IdsAsync(AuditViewer? viewer, AuditQuery query) =>
        (await AllPagesAsync(viewer, query)).Select(r => r.Id);

    [Fact]
    public async Task QueryAsync_EachFilter_AndACombination_ReturnExactlyTheMatchingRecordsNewestFirst()
    {
        var ids = await SeedTrailAsync();

        (await IdsAsync(Admin, new AuditQuery())).Should().Equal(
            ids["mike-update"], ids["mike-password"], ids["sarah-failed"], ids["sarah-delete"], ids["john-update"], ids["john-login"]);
        (await IdsAsync(Admin, new AuditQuery { ActionTypes = [AuditActionType.Authentication, AuditActionType.Delete] }))
            .Should().Equal(ids["sarah-failed"], ids["sarah-delete"], ids["john-login"]);
        (await IdsAsync(Admin, new AuditQuery { Actions = ["server.updated"] })).Should().Equal(ids["mike-update"], ids["john-update"]);
        (await IdsAsync(Admin, new AuditQuery { ActorIds = [Sarah.Id, John.Id] }))
            .Should().Equal(ids["sarah-failed"], ids["sarah-delete"], ids["john-update"], ids["john-login"]);
        (await IdsAsync(Admin, new AuditQuery { ResourceType = "server", ResourceId = "srv-1" })).Should().Equal(ids["mike-update"], ids["john-update"]);
        (await IdsAsync(Admin, new AuditQuery { Outcome = AuditOutcome.Failure })).Should().Equal(ids["sarah-failed"]);
        (await IdsAsync(Admin, new AuditQuery { From = Now.AddDays(-2), To = Now.AddHours(-1) }))
            .Should().Equal([ids["sarah-failed"], ids["sarah-delete"], ids["john-update"]], "From is inclusive and To exclusive");
        (await IdsAsync(Admin, new AuditQuery { SourceIp = "192.0.2.44" })).Should().Equal(ids["mike-update"], ids["mike-password"]);
        (await IdsAsync(Admin, new AuditQuery { TenantId = "acme" })).Should().Equal(ids["sarah-delete"]);
        (await IdsAsync(Admin, new AuditQuery
        {
            ActorIds = [Mike.Id, John.Id],
            ActionTypes = [AuditActionType.Update],
            From = Now.AddDays(-1),
            Search = "WEB-01",
        })).Should().Equal(ids["mike-update"]);
    }

    [Fact]
    public async Task QueryAsync_Search_IsACaseInsensitiveSubstringOverTheVisibleFields()
    {
        var ids = await SeedTrailAsync();

        (await IdsAsync(Admin, new AuditQuery { Search = "web-0" })).Should().Equal(ids["mike-update"], ids["john-update"]);
        (await IdsAsync(Admin, new AuditQuery { Search = "sarah miller" })).Should().Equal(ids["sarah-failed"], ids["sarah-delete"]);
        (await IdsAsync(Admin, new AuditQuery { Search = "load_multiplier" })).Should().Equal(ids["john-update"]);
        (await IdsAsync(Admin, new AuditQuery { Search = "INVALID PASS" })).Should().Equal(ids["sarah-failed"]);
        (await IdsAsync(Admin, new AuditQuery { Search = "198.51.100" })).Should().Equal(ids["sarah-failed"], ids["sarah-delete"]);
        (await IdsAsync(Admin, new AuditQuery { Search = "nothing like this" })).Should().BeEmpty();
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("100%_")]
    [InlineData("' OR 1=1 --")]
    [InlineData("O'Brien \"the")]
    [InlineData("\"")]
    public async Task QueryAsync_SqlAndLikeMetacharacters_MatchLiterally(string search)
    {
        await SeedTrailAsync();
        var expected = (await AllPagesAsync(Admin, new AuditQuery()))
            .Where(r => new[] { r.Description, r.Resource?.Type, r.Resource?.Id, r.Resource?.Name, r.Actor.Id, r.Actor.DisplayName, r.Action, r.FailureReason, r.SourceIp }
                .Concat(r.Changes.SelectMany(c => new[] { c.Field, c.OldValue, c.NewValue }))
                .Any(text => text?.Contains(search, StringComparison.OrdinalIgnoreCase) == true))
            .Select(r => r.Id)
            .ToList();

        var found = await IdsAsync(Admin, new AuditQuery { Search = search });

        expected.Should().NotBeEmpty("every payload occurs literally in the trail");
        found.Should().Equal(expected);
        (await IdsAsync(Admin, new AuditQuery { ActorIds = [search] })).Should().BeEmpty();
        (await IdsAsync(Admin, new AuditQuery { ResourceId = search, Actions = [search] })).Should().BeEmpty();
    }

    [Fact]
    public async Task QueryAsync_CursorPaging_WhileInsertsContinue_HasNoDuplicatesOrGaps()
    {
        var existing = new List<Guid>();
        for (var i = 0; i < 120; i++)
        {
            // Many share a timestamp so the id tie-break matters.
            existing.Add(await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update) with { OccurredAt = Now.AddSeconds(-(i / 4)) }));
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var page = 0;
        do
        {
            var result = await Reader.QueryAsync(Admin, new AuditQuery { Limit = 7, Cursor = cursor });
            seen.AddRange(result.Items.Select(r => r.Id));
            cursor = result.NextCursor;
            Clock.Advance(TimeSpan.FromSeconds(1));
            await Logger.LogAsync(Event(Sarah, "server.created", AuditActionType.Create));
            await Logger.LogAsync(Event(Sarah, "server.created", AuditActionType.Create) with { OccurredAt = Now.AddSeconds(5) });
            page++;
        }
        while (cursor is not null);

        seen.Should().OnlyHaveUniqueItems();
        seen.Should().BeEquivalentTo(existing, "every record that existed before paging began is seen exactly once");
        page.Should().Be(18);
    }

    [Fact]
    public async Task EveryReadPath_UserViewer_SeesOnlyTheirOwnActions()
    {
        var ids = await SeedTrailAsync();
        var mikeIds = new[] { ids["mike-update"], ids["mike-password"] };

        (await IdsAsync(MikeViewer, new AuditQuery())).Should().Equal(mikeIds);
        (await IdsAsync(MikeViewer, new AuditQuery { ActorIds = [John.Id, Sarah.Id] })).Should().BeEmpty("a filter can narrow, never widen, the scope");
        (await IdsAsync(MikeViewer, new AuditQuery { Search = "web-01" })).Should().Equal(ids["mike-update"]);
        (await Reader.CountAsync(MikeViewer, new AuditQuery())).Should().Be(2);
        (await Reader.CountAsync(MikeViewer, new AuditQuery { ActorIds = [John.Id] })).Should().Be(0);
        (await Reader.GetAsync(MikeViewer, ids["john-update"])).Should().BeNull();
        (await Reader.GetAsync(MikeViewer, ids["mike-update"]))!.Id.Should().Be(ids["mike-update"]);
        var facets = await Reader.GetFacetsAsync(MikeViewer);
        facets.Actors.Should().Equal(Mike);
        facets.Actions.Should().Equal(AuditActions.PasswordChanged, "server.updated");
        facets.ActionTypes.Should().Equal(AuditActionType.Update, AuditActionType.Security);
        (await Reader.StreamAsync(MikeViewer, new AuditQuery()).Select(r => r.Id).ToListAsync()).Should().Equal(mikeIds);

        using var csv = new MemoryStream();
        (await Reader.ExportAsync(MikeViewer, new AuditQuery(), AuditExportFormat.Csv, csv)).Should().Be(2);
        using var jsonl = new MemoryStream();
        (await Reader.ExportAsync(MikeViewer, new AuditQuery { ActorIds = [John.Id] }, AuditExportFormat.JsonLines, jsonl)).Should().Be(0);
        System.Text.Encoding.UTF8.GetString(csv.ToArray()).Should().NotContain(John.Id).And.NotContain(Sarah.Id);
    }

    [Fact]
    public async Task EveryReadPath_Admin_SeesEverything_AndATenantAdminOnlyTheirTenant()
    {
        var ids = await SeedTrailAsync();

        (await Reader.CountAsync(Admin, new AuditQuery())).Should().Be(6);
        (await Reader.GetAsync(Admin, ids["sarah-delete"])).Should().NotBeNull();
        (await Reader.GetFacetsAsync(Admin)).Actors.Select(a => a.DisplayName).Should().Equal("John Davis", "Mike Johnson", "Sarah Miller");

        var acmeAdmin = new AuditViewer("u-acme-admin", IsAdmin: true, TenantId: "acme");
        (await IdsAsync(acmeAdmin, new AuditQuery())).Should().Equal(ids["sarah-delete"]);
        (await Reader.GetAsync(acmeAdmin, ids["john-update"])).Should().BeNull();
    }

    [Fact]
    public async Task EveryReadPath_NoViewer_SeesNothing()
    {
        var ids = await SeedTrailAsync();

        (await Reader.QueryAsync(null, new AuditQuery())).Items.Should().BeEmpty();
        (await Reader.CountAsync(null, new AuditQuery())).Should().Be(0);
        (await Reader.GetAsync(null, ids["john-login"])).Should().BeNull();
        (await Reader.GetFacetsAsync(null)).Actors.Should().BeEmpty();
        using var export = new MemoryStream();
        (await Reader.ExportAsync(null, new AuditQuery(), AuditExportFormat.JsonLines, export)).Should().Be(0);
        export.Length.Should().Be(0);
    }
}
