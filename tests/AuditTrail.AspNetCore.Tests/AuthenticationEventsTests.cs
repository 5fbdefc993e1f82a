using System.Net;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

public sealed class AuthenticationEventsTests
{
    [Fact]
    public async Task CookieSignIn_IsRecordedAsLoginWithTheScheme()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.PostAsync("/login/carol?scheme=Cookies", configure: request =>
        {
            request.Headers.Add(TestApp.PeerHeader, "192.0.2.10");
            request.Headers.UserAgent.ParseAdd("LoginTest/1.0");
        });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.Should().ContainKey("Set-Cookie");

        var record = await app.SingleRecordAsync(AuditActions.LoginSucceeded);
        record.ActionType.Should().Be(AuditActionType.Authentication);
        record.Outcome.Should().Be(AuditOutcome.Success);
        record.Actor.Should().Be(AuditActor.User("carol", "CAROL"));
        record.Metadata.Should().Contain("scheme", TestApp.CookieScheme);
        record.SourceIp.Should().Be("192.0.2.10");
        record.UserAgent.Should().Be("LoginTest/1.0");
    }

    [Fact]
    public async Task SignIn_WithTheDefaultScheme_RecordsTheResolvedScheme()
    {
        await using var app = await TestApp.StartAsync();

        await app.PostAsync("/login/carol");

        (await app.SingleRecordAsync(AuditActions.LoginSucceeded)).Metadata.Should().Contain("scheme", TestApp.CookieScheme);
    }

    [Fact]
    public async Task SignIn_OfAPrincipalWithoutAnIdClaim_ByASignedInUser_IsNotRecordedAsThatUser()
    {
        await using var app = await TestApp.StartAsync();
        using var login = await app.PostAsync("/login/carol?scheme=Cookies");
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var second = await app.PostAsync("/login/dave?scheme=Cookies&withoutId=true", configure: request => request.Headers.Add("Cookie", cookie));
        second.StatusCode.Should().Be(HttpStatusCode.OK);

        var records = (await app.RecordsAsync()).Where(record => record.Action == AuditActions.LoginSucceeded).ToList();
        records.Should().HaveCount(2);
        var withoutId = records.Single(record => record.Actor.Id != "carol");
        withoutId.Actor.Should().Be(AuditActor.Anonymous, "the principal signed in names nobody; carol, who was signed in, did not sign in again");
        withoutId.Description.Should().Contain("no id claim");
    }

    [Fact]
    public async Task CookieSignOut_OfTheSignedInUser_IsRecordedAsLogout()
    {
        await using var app = await TestApp.StartAsync();
        using var login = await app.PostAsync("/login/carol?scheme=Cookies");
        var cookie = login.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var logout = await app.PostAsync("/logout", configure: request => request.Headers.Add("Cookie", cookie));
        logout.StatusCode.Should().Be(HttpStatusCode.OK);

        var record = await app.SingleRecordAsync(AuditActions.Logout);
        record.ActionType.Should().Be(AuditActionType.Authentication);
        record.Actor.Should().Be(AuditActor.User("carol", "CAROL"));
        record.Metadata.Should().Contain("scheme", TestApp.CookieScheme);
    }

    [Fact]
    public async Task SignOut_WithoutASignedInUser_IsNotRecorded()
    {
        await using var app = await TestApp.StartAsync();

        using var logout = await app.PostAsync("/logout");
        logout.StatusCode.Should().Be(HttpStatusCode.OK);

        (await app.RecordsAsync()).Should().NotContain(record => record.Action == AuditActions.Logout);
    }

    [Fact]
    public async Task SignIn_ToAnIgnoredIntermediateScheme_IsNotRecorded()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.PostAsync("/login/carol?scheme=" + TestApp.ExternalScheme);
        response.StatusCode.Should().Be(HttpStatusCode.OK);

        (await app.RecordsAsync()).Should().NotContain(record => record.Action == AuditActions.LoginSucceeded);
    }

    [Fact]
    public async Task SignInAndSignOut_WhenTurnedOff_AreNotRecorded()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.RecordSignInAndSignOut = false);

        await app.PostAsync("/login/carol?scheme=Cookies");

        (await app.RecordsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task SignIn_WhenAuditTrailIsRegisteredAfterAuthentication_IsStillRecorded()
    {
        await using var app = await TestApp.StartAsync(options => options.AddAuditTrailAfterAuthentication = true);

        await app.PostAsync("/login/carol?scheme=Cookies");

        (await app.SingleRecordAsync(AuditActions.LoginSucceeded)).Actor.Id.Should().Be("carol");
    }

    [Fact]
    public async Task AuthorizationFailures_ByDefault_AreNotRecorded()
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.GetAsync("/admin-only", TestUser.Alice);
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        (await app.RecordsAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task AuthorizationFailures_WhenOn_Record403WithTheUser()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.RecordAuthorizationFailures = true);

        using var response = await app.GetAsync("/admin-only?token=secret-value", TestUser.Alice);
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var record = await app.SingleRecordAsync(AuditAspNetCoreActions.AuthorizationFailed);
        record.Actor.Id.Should().Be("alice");
        record.ActionType.Should().Be(AuditActionType.Security);
        record.Outcome.Should().Be(AuditOutcome.Failure);
        record.FailureReason.Should().Be("403 Forbidden");
        record.Resource!.Id.Should().Be("/admin-only");
        record.Metadata.Should().Contain("status", "403").And.Contain("method", "GET");
        record.Metadata.Values.Should().NotContain(value => value.Contains("secret-value"));
    }

    [Fact]
    public async Task AuthorizationFailures_WhenOn_Record401AsAnonymous()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.RecordAuthorizationFailures = true);

        using var response = await app.GetAsync("/admin-only");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        var record = await app.SingleRecordAsync(AuditAspNetCoreActions.AuthorizationFailed);
        record.Actor.Should().Be(AuditActor.Anonymous);
        record.FailureReason.Should().Be("401 Unauthorized");
    }

    [Fact]
    public async Task AuthorizationFailures_OfTheAuditApiItself_AreNotRecorded()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.RecordAuthorizationFailures = true);

        using var response = await app.GetAsync("/audit/api/events");
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        (await app.RecordsAsync()).Should().BeEmpty();
    }
}
