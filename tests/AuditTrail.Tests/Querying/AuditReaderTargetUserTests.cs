using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Querying;

/// <summary>
/// The reader's scope of a regular viewer is "actor or target user" by default, handed to the store and checked again
/// on what the store returns; <see cref="AuditTrailOptions.IncludeRecordsAboutViewer"/> off makes it "actor" again.
/// </summary>
public sealed class AuditReaderTargetUserTests
{
    private static readonly AuditViewer Mike = AuditViewer.User("mike");

    private static async Task<(ServiceProvider Services, FakeAuditStore Store)> StartAsync(bool includeRecordsAboutViewer)
    {
        var store = new FakeAuditStore();
        var services = TestHost.Create(store, options => options.IncludeRecordsAboutViewer = includeRecordsAboutViewer);
        var logger = services.GetRequiredService<IAuditLogger>();
        var admin = new AuditContext { Actor = AuditActor.User("admin", "Ada Admin") };
        using (services.GetRequiredService<IAuditContextAccessor>().BeginScope(admin))
        {
            await logger.RoleChangedAsync(new AuditResource("user", "mike", "Mike Chen"), "Viewer", "Operator");
            await logger.RoleChangedAsync(new AuditResource("user", "anna", "Anna Berg"), "Viewer", "Admin");
        }

        await logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Create, Actor = AuditActor.User("mike", "Mike Chen") });
        return (services, store);
    }

    [Fact]
    public async Task EveryMethod_DefaultOptions_HandsTheStoreTheActorOrTargetUserScope()
    {
        var (services, store) = await StartAsync(includeRecordsAboutViewer: true);
        await using var _ = services;
        var reader = services.GetRequiredService<IAuditReader>();

        await reader.QueryAsync(Mike, new AuditQuery());
        await reader.CountAsync(Mike, new AuditQuery());
        await reader.GetFacetsAsync(Mike);
        await reader.ExportAsync(Mike, new AuditQuery(), AuditExportFormat.JsonLines, Stream.Null);
        await reader.QueryAsync(AuditViewer.Admin("root"), new AuditQuery());

        store.Filters.Take(4).Should().OnlyContain(filter => filter.ScopeActorId == "mike" && filter.ScopeIncludesTargetUser);
        store.Filters.Last().Should().Match<AuditFilter>(filter => filter.ScopeActorId == null && !filter.ScopeIncludesTargetUser);
    }

    [Fact]
    public async Task QueryStreamAndGet_StoreReturnsEverything_ReaderKeepsTheViewersActionsAndTheRecordsAboutThem()
    {
        // The fake store ignores filters, standing in for a faulty store: the reader's second check must hold.
        var (services, store) = await StartAsync(includeRecordsAboutViewer: true);
        await using var _ = services;
        var reader = services.GetRequiredService<IAuditReader>();
        var aboutMike = store.Stored.Single(r => r.TargetUser?.Id == "mike");
        var aboutAnna = store.Stored.Single(r => r.TargetUser?.Id == "anna");

        (await reader.QueryAsync(Mike, new AuditQuery())).Items.Should().HaveCount(2).And.NotContain(r => r.Id == aboutAnna.Id);
        (await reader.StreamAsync(Mike, new AuditQuery()).ToListAsync()).Should().HaveCount(2).And.Contain(r => r.Id == aboutMike.Id);
        (await reader.GetAsync(Mike, aboutMike.Id)).Should().Be(aboutMike);
        (await reader.GetAsync(Mike, aboutAnna.Id)).Should().BeNull();
    }

    [Fact]
    public async Task EveryMethod_OptionOff_ScopesToTheViewersOwnActions()
    {
        var (services, store) = await StartAsync(includeRecordsAboutViewer: false);
        await using var _ = services;
        var reader = services.GetRequiredService<IAuditReader>();
        var aboutMike = store.Stored.Single(r => r.TargetUser?.Id == "mike");

        (await reader.QueryAsync(Mike, new AuditQuery())).Items.Should().ContainSingle().Which.Actor.Id.Should().Be("mike");
        (await reader.GetAsync(Mike, aboutMike.Id)).Should().BeNull();
        await reader.CountAsync(Mike, new AuditQuery());
        store.Filters.Should().OnlyContain(filter => filter.ScopeActorId == "mike" && !filter.ScopeIncludesTargetUser);
    }

    [Fact]
    public void IncludeRecordsAboutViewer_IsOnByDefault() =>
        new AuditTrailOptions().IncludeRecordsAboutViewer.Should().BeTrue();
}
