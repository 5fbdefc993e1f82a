using System.Net;
using AuditTrail.AspNetCore;
using AuditTrail.Browser.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Browser.Tests;

/// <summary>What the console's sign-in form leaves in the trail, over plain HTTP.</summary>
public sealed class SignInRecordingTests
{
    [Fact]
    public async Task WrongPassword_IsOneFailedLogin_NotAlsoAnAuthorizationFailure()
    {
        await using var app = await ConsoleApp.StartAsync();
        using var client = new ConsoleClient(app);
        var before = DateTimeOffset.UtcNow;

        using var answer = await client.SignInAsync("mike", "not-the-password");

        (await answer.Content.ReadAsStringAsync()).Should().Contain(Samples.WebApp.Pages.SignInEndpoints.FailedMessage);
        client.Cookie("monitoring.session").Should().BeNull("a wrong password signs nobody in");
        var reader = app.Services.GetRequiredService<IAuditReader>();
        var page = await reader.QueryAsync(AuditViewer.Admin("test"), new AuditQuery
        {
            Actions = [AuditActions.LoginFailed, AuditAspNetCoreActions.AuthorizationFailed],
            From = before,
        });
        page.Items.Should().ContainSingle("a wrong password is a failed login, not a refused request as well")
            .Which.Action.Should().Be(AuditActions.LoginFailed);
    }
}
