namespace AuditTrail.Tests.Export;

/// <summary>A failed sign-in as OCSF: the user who tried to authenticate is the name typed, not "Anonymous".</summary>
public sealed class AuditOcsfFailedLoginTests
{
    [Fact]
    public async Task LoginFailedAsync_UnknownUserName_IsTheOcsfUserByName()
    {
        var e = await OcsfOfLogged.EventOf(logger => logger.LoginFailedAsync("nobody", "invalid password", knownUser: null), AuditActor.Anonymous);

        e.GetProperty("class_uid").GetInt32().Should().Be((int)AuditOcsfClass.Authentication);
        e.GetProperty("status_id").GetInt32().Should().Be(2);
        var user = e.GetProperty("user");
        user.GetProperty("name").GetString().Should().Be("nobody");
        user.TryGetProperty("uid", out _).Should().BeFalse("an unknown name has no account id");
        e.GetProperty("actor").GetProperty("user").GetProperty("uid").GetString().Should().Be(AuditActor.AnonymousId);
    }

    [Fact]
    public async Task LoginFailedAsync_KnownUser_IsTheOcsfUserByAccount()
    {
        var mike = AuditActor.User("u-mike", "Mike Johnson");

        var e = await OcsfOfLogged.EventOf(logger => logger.LoginFailedAsync("mike", "invalid password", mike), mike);

        e.GetProperty("user").GetProperty("uid").GetString().Should().Be("u-mike");
        e.GetProperty("user").GetProperty("name").GetString().Should().Be("Mike Johnson");
    }
}
