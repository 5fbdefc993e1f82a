using System.Net;
using AuditTrail.Browser.Tests.Support;
using AuditTrail.Samples.WebApp.Model;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Browser.Tests;

/// <summary>
/// A change the console has made is on record even when the client hung up before the answer: otherwise anyone could
/// change a server, a role or a key unrecorded by closing the connection right after sending the form.
/// </summary>
public sealed class ClientHangUpTests
{
    [Fact]
    public async Task ServerChange_ClientHangsUpAfterSendingTheForm_IsStillRecorded()
    {
        await using var app = await ConsoleApp.StartAsync(configureServices: services => services.AddSingleton<IStartupFilter, ClientHangsUp>());
        using var client = new ConsoleClient(app);
        (await client.SignInAsync("john")).StatusCode.Should().Be(HttpStatusCode.Redirect, "a right password signs in");
        var before = DateTimeOffset.UtcNow;

        await client.PostFormAsync("/servers/srv-web-02", "/servers/srv-web-02",
            [new("name", "web-02"), new("host", "10.0.4.12"), new("region", "eu-west-1"), new("load_multiplier", "1.5"), new("check_interval_seconds", "60")],
            request => request.Headers.Add(ClientHangsUp.Header, "1"));

        app.Services.GetRequiredService<ConsoleState>().FindServer("srv-web-02")!.LoadMultiplier
            .Should().Be(1.5, "the console applied the change before the client was gone");
        var records = await RecordsSinceAsync(app, before, "server.updated");
        records.Should().ContainSingle().Which.Description.Should().Be("Changed load_multiplier from 1.0 to 1.5");
    }

    [Fact]
    public async Task WrongPassword_ClientHangsUpAfterSendingTheForm_IsStillRecordedAsAFailedLogin()
    {
        await using var app = await ConsoleApp.StartAsync(configureServices: services => services.AddSingleton<IStartupFilter, ClientHangsUp>());
        using var client = new ConsoleClient(app);
        var before = DateTimeOffset.UtcNow;

        await client.PostFormAsync("/login", "/login", [new("username", "mike"), new("password", "guess-1")],
            request => request.Headers.Add(ClientHangsUp.Header, "1"));

        (await RecordsSinceAsync(app, before, AuditActions.LoginFailed)).Should().ContainSingle()
            .Which.FailureReason.Should().Be("invalid password");
    }

    private static async Task<IReadOnlyList<AuditRecord>> RecordsSinceAsync(ConsoleApp app, DateTimeOffset from, string action)
    {
        var reader = app.Services.GetRequiredService<IAuditReader>();
        var page = await reader.QueryAsync(AuditViewer.Admin("test"), new AuditQuery { Actions = [action], From = from });
        return page.Items;
    }
}
