using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

/// <summary><c>api/events/{id}</c> tells an admin of every tenant the record's place in the chain, and nobody else.</summary>
public sealed class ChainPositionTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Guid _aliceOwn;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _aliceOwn = await _app.SeedAsync(AuditActor.User("alice", "Alice Smith"), "server.created", AuditActionType.Create);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Get_ByAGlobalAdmin_CarriesTheSequenceAndHashTheChainStores()
    {
        var record = await _app.GetJsonAsync($"/audit/api/events/{_aliceOwn:D}", TestUser.Admin);

        var chain = (IAuditChainStore)_app.Services.GetService(typeof(IAuditStore))!;
        var stored = new List<AuditChainEntry>();
        await foreach (var entry in chain.ReadChainAsync(0))
        {
            stored.Add(entry);
        }

        var link = stored.Single(entry => entry.Record.Id == _aliceOwn);
        record.GetProperty("chain").GetProperty("sequence").GetInt64().Should().Be(link.Sequence);
        record.GetProperty("chain").GetProperty("hash").GetString().Should().Be(Convert.ToHexStringLower(link.Hash)).And.HaveLength(64);
        record.GetProperty("id").GetGuid().Should().Be(_aliceOwn, "the rest of the record is unchanged");
    }

    [Fact]
    public async Task Get_ByTheRecordsOwnUser_AndEveryList_HaveNoChain()
    {
        var own = await _app.GetJsonAsync($"/audit/api/events/{_aliceOwn:D}", TestUser.Alice);
        var page = await _app.GetJsonAsync("/audit/api/events", TestUser.Admin);

        own.GetProperty("id").GetGuid().Should().Be(_aliceOwn);
        own.TryGetProperty("chain", out _).Should().BeFalse("a regular user is not told the chain position");
        page.GetProperty("items").EnumerateArray().Select(item => item.TryGetProperty("chain", out var _)).Should().NotBeEmpty().And.AllBeEquivalentTo(false, "lists never carry it");
    }

    [Fact]
    public async Task ChainPositions_AnswerOnlyAGlobalAdmin_ForARecordTheyMayRead()
    {
        var positions = (IAuditChainPositions)_app.Services.GetService(typeof(IAuditChainPositions))!;

        (await positions.GetAsync(AuditViewer.Admin("root"), _aliceOwn)).Should().NotBeNull();
        (await positions.GetAsync(AuditViewer.User("alice"), _aliceOwn)).Should().BeNull();
        (await positions.GetAsync(new AuditViewer("root", IsAdmin: true, TenantId: "acme"), _aliceOwn)).Should().BeNull();
        (await positions.GetAsync(null, _aliceOwn)).Should().BeNull();
        (await positions.GetAsync(AuditViewer.Admin("root"), Guid.NewGuid())).Should().BeNull();
    }
}
