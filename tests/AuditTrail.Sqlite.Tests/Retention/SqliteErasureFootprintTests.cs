using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Sqlite.Tests.Retention;

/// <summary>
/// What an erasure leaves of a person on SQLite (docs/retention.md, "What the database files keep"): none of their id,
/// name, source IP (keyed hash) or user agent in the search index file, whether the background pass had indexed their
/// rows before the erasure or reaches them only after it, in search, filters, facets or any export format.
/// </summary>
public sealed class SqliteErasureFootprintTests : IDisposable
{
    private const string Person = "u-erin-7f3";
    private const string Name = "erin.example@mail.test";
    private const string Address = "198.51.100.77";
    private const string Agent = "ErinBrowser/9.1";

    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] IpKey = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];

    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Erase_OfRowsIndexedBeforeAndOnlyAfter_LeavesNoTraceInIndexSearchFiltersFacetsOrExports()
    {
        var store = _database.CreateStore(o => o.IndexSearchInBackground = false);
        var services = new ServiceCollection();
        services.AddAuditTrail(o =>
        {
            o.RecordLifecycleEvents = false;
            o.Erasure.PseudonymKey = Key;
            o.SourceIpPseudonymization.Mode = AuditIpPseudonymizationMode.KeyedHash;
            o.SourceIpPseudonymization.Key = IpKey;
        }).UseStore(_ => store);
        await using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<IAuditLogger>();
        var erin = AuditActor.User(Person, Name);
        var admin = AuditActor.User("u-admin", "Admin");

        await logger.LogAsync(Event(erin, "server.updated"));
        await logger.LogAsync(Event(admin, AuditActions.RoleChanged) with { TargetUser = new AuditTargetUser(Person, Name) });
        (await store.UpdateSearchIndexAsync()).Should().Be(2);

        // Not indexed yet when the erasure runs: the next pass must read them as the erasure left them.
        await logger.LogAsync(Event(erin, "server.deleted"));
        await logger.LogAsync(Event(admin, AuditActions.PermissionChanged) with { TargetUser = new AuditTargetUser(Person, Name) });
        await logger.LogAsync(Event(admin, "server.created"));

        var result = await provider.GetRequiredService<IAuditErasure>().EraseActorAsync(Person, AuditActor.User("u-dpo", "DPO"));
        result.RowCount.Should().Be(4);
        await store.UpdateSearchIndexAsync();

        foreach (var text in new[] { Person, Name, "erin.example", Address, Agent })
        {
            IndexedRowsMatching(text).Should().Be(0, $"'{text}' must not stay in the search index file");
            (await store.CountAsync(new AuditFilter { Search = text })).Should().Be(0, $"a search for '{text}' finds nothing");
        }

        IndexedRowsMatching(result.Pseudonym).Should().Be(5, "the four rows are indexed by what they hold now, beside the erasure record");
        var reader = provider.GetRequiredService<IAuditReader>();
        var auditor = AuditViewer.Admin("auditor");
        (await reader.CountAsync(auditor, new AuditQuery { ActorIds = [Person] })).Should().Be(0);
        (await reader.CountAsync(auditor, new AuditQuery { TargetUserId = Person })).Should().Be(0);
        (await reader.CountAsync(auditor, new AuditQuery { SourceIp = Address })).Should().Be(0, "the keyed hash of the address went with the row's address");
        (await reader.CountAsync(auditor, new AuditQuery { SourceIp = "203.0.113.10" })).Should().Be(3, "others keep theirs");
        var facets = await reader.GetFacetsAsync(auditor);
        facets.Actors.Should().NotContain(a => a.Id == Person || a.DisplayName == Name);

        foreach (var format in Enum.GetValues<AuditExportFormat>())
        {
            using var stream = new MemoryStream();
            (await reader.ExportAsync(auditor, new AuditQuery(), format, stream)).Should().BeGreaterThanOrEqualTo(6);
            var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
            text.Should().Contain(result.Pseudonym, $"the {format} export shows the pseudonym");
            foreach (var trace in new[] { Person, Name, Address, Agent })
            {
                text.Should().NotContain(trace, $"the {format} export must not show '{trace}'");
            }
        }

        (await provider.GetRequiredService<IAuditVerifier>().VerifyAsync()).Problem.Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t")]
    [InlineData("erased-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Erase_BlankIdOrAPseudonym_ThrowsNamingActorId_AndRecordsNothing(string actorId)
    {
        await using var provider = Build(_database.CreateStore());
        await provider.GetRequiredService<IAuditLogger>().LogAsync(Event(AuditActor.User(Person, Name), "server.updated"));

        var erase = () => provider.GetRequiredService<IAuditErasure>().EraseActorAsync(actorId, AuditActor.User("u-dpo", "DPO"));

        (await erase.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("actorId");
        var store = provider.GetRequiredService<IAuditStore>();
        (await store.CountAsync(new AuditFilter { Actions = [AuditActions.AuditErased] })).Should().Be(0);
        (await store.CountAsync(new AuditFilter { ActorIds = [Person] })).Should().Be(1);
    }

    [Fact]
    public async Task Erase_OfAnIdInTwoTenants_ErasesItInBoth_WithOnePseudonym()
    {
        var store = _database.CreateStore();
        await using var provider = Build(store);
        var logger = provider.GetRequiredService<IAuditLogger>();
        await logger.LogAsync(Event(AuditActor.User(Person, Name), "server.updated") with { TenantId = "t-a" });
        await logger.LogAsync(Event(AuditActor.User(Person, Name), "server.updated") with { TenantId = "t-b" });

        var result = await provider.GetRequiredService<IAuditErasure>().EraseActorAsync(Person, AuditActor.User("u-dpo", "DPO"));

        result.RowCount.Should().Be(2, "an id is one person across the trail (docs/retention.md)");
        (await store.CountAsync(new AuditFilter { ActorIds = [result.Pseudonym], TenantId = "t-b" })).Should().Be(1);
        (await store.CountAsync(new AuditFilter { ActorIds = [Person] })).Should().Be(0);
    }

    [Fact]
    public async Task Erase_RequestedByThePersonThemselves_IsRefusedNamingRequestedBy_AndErasesNothing()
    {
        var store = _database.CreateStore();
        await using var provider = Build(store);
        var erin = AuditActor.User(Person, Name);
        await provider.GetRequiredService<IAuditLogger>().LogAsync(Event(erin, "server.updated"));

        // Its record, by them, would keep their id and name behind the erasure.
        var erase = () => provider.GetRequiredService<IAuditErasure>().EraseActorAsync(Person, erin);

        (await erase.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("requestedBy");
        (await store.CountAsync(new AuditFilter { ActorIds = [Person] })).Should().Be(1, "nothing was erased");
        (await store.CountAsync(new AuditFilter { Actions = [AuditActions.AuditErased] })).Should().Be(0);
        (await provider.GetRequiredService<IAuditErasure>().EraseActorAsync(Person, AuditActor.User("u-dpo", "DPO"))).RowCount.Should().Be(1);
        (await store.CountAsync(new AuditFilter { ActorIds = [Person] })).Should().Be(0);
    }

    [Fact]
    public async Task Erase_WhileOthersAppend_LosesNoAppendedEvent_AndTheTrailVerifies()
    {
        var store = _database.CreateStore(o => o.BusyTimeout = TimeSpan.FromMinutes(1));
        await using var provider = Build(store);
        var logger = provider.GetRequiredService<IAuditLogger>();
        var erin = AuditActor.User(Person, Name);
        for (var i = 0; i < 600; i++)
        {
            await logger.LogAsync(Event(erin, "server.updated"));
        }

        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await logger.LogAsync(Event(AuditActor.User($"u-writer-{w}", null), "server.created"));
            }
        })).ToArray();
        var result = await provider.GetRequiredService<IAuditErasure>().EraseActorAsync(Person, AuditActor.User("u-dpo", "DPO"));
        await Task.WhenAll(writers);

        result.RowCount.Should().Be(600);
        (await store.CountAsync(new AuditFilter { Actions = ["server.created"] })).Should().Be(200);
        (await store.CountAsync(new AuditFilter { ActorIds = [Person] })).Should().Be(0);
        var report = await provider.GetRequiredService<IAuditVerifier>().VerifyAsync();
        report.Problem.Should().BeNull();
        report.ErasedVerified.Should().Be(600);
    }

    private static ServiceProvider Build(SqliteAuditStore store)
    {
        var services = new ServiceCollection();
        services.AddAuditTrail(o =>
        {
            o.RecordLifecycleEvents = false;
            o.Erasure.PseudonymKey = Key;
        }).UseStore(_ => store);
        return services.BuildServiceProvider();
    }

    private static AuditEvent Event(AuditActor actor, string action) => new()
    {
        Action = action,
        ActionType = AuditActionType.Update,
        Actor = actor,
        SourceIp = actor.Id == Person ? Address : "203.0.113.10",
        UserAgent = actor.Id == Person ? Agent : "AdminBrowser/1.0",
        Description = $"{action} by someone",
    };

    private long IndexedRowsMatching(string text)
    {
        using var connection = TemporaryDatabase.OpenSeparateConnection(_database.IndexPath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH @text";
        command.Parameters.AddWithValue("@text", "\"" + text + "\"");
        return (long)command.ExecuteScalar()!;
    }
}
