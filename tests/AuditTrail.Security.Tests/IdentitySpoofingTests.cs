using System.Text.Json;
using AuditTrail.Security.Tests.Support;

namespace AuditTrail.Security.Tests;

/// <summary>A caller claims another identity in the body, in headers, and through an identity nobody authenticated.</summary>
public sealed class IdentitySpoofingTests : IAsyncLifetime
{
    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static void ClaimToBeRoot(HttpRequestMessage request)
    {
        request.Headers.Add(SecurityHost.ClaimedUserHeader, "root");
        request.Headers.Add("X-Forwarded-User", "root");
        request.Headers.Add("X-User-Id", "root");
        request.Headers.Add("X-Actor", "root");
    }

    [Fact]
    public async Task AuthenticatedUser_ClaimingAnotherIdentityInBodyOrHeaders_IsRecordedAsThemselves()
    {
        var id = await _host.RecordThroughHostAsync(
            new HostEventRequest { Description = "spoof attempt", Actor = AuditActor.User("root", "Rita Admin"), UserId = "root" },
            Caller.Alice,
            ClaimToBeRoot);

        var record = await _host.Reader.GetAsync(AuditViewer.Admin("inspector"), id);
        record!.Actor.Should().Be(AuditActor.User("alice", "Alice Smith"));
    }

    [Fact]
    public async Task AnonymousCaller_ClaimingAnIdentityInHeaders_IsRecordedAsAnonymous()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/host/record")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new HostEventRequest { Description = "anonymous spoof attempt" }),
        };
        ClaimToBeRoot(request);
        using var response = await _host.Client.SendAsync(request);
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();

        var record = await _host.Reader.GetAsync(AuditViewer.Admin("inspector"), id);
        record!.Actor.Should().Be(AuditActor.Anonymous);
    }

    [Fact]
    public async Task AuthenticatedUser_ClaimingAnAdminIdentityThatNobodyAuthenticated_ReadsOnlyTheirOwnAndIsRecordedAsThemselves()
    {
        await _host.RecordThroughHostAsync(new HostEventRequest { Description = "bob-only-entry" }, Caller.Bob);

        using var response = await _host.GetAsync("/audit/api/events", Caller.Alice, ClaimToBeRoot);
        var body = await response.Content.ReadAsStringAsync();

        body.Should().NotContain("bob-only-entry");
        var read = (await _host.RecordsAsync()).Should().ContainSingle(record => record.Action == AuditActions.AuditQueried).Subject;
        read.Actor.Should().Be(AuditActor.User("alice", "Alice Smith"));
        read.Metadata.Should().Contain("scope", "own");
    }
}
