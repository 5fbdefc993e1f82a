namespace AuditTrail.Tests.Logging;

/// <summary>Which field and metadata names the default sensitive terms redact.</summary>
public sealed class SensitiveNamesTests
{
    private static readonly SensitiveNames Defaults = new(AuditTrailOptions.DefaultSensitiveNames);

    [Theory]
    [InlineData("pin")]
    [InlineData("PIN")]
    [InlineData("userPin")]
    [InlineData("user_pin")]
    [InlineData("PINCode")]
    [InlineData("pin_code")]
    [InlineData("pincode")]
    [InlineData("newpin")]
    [InlineData("pin2")]
    [InlineData("pins")]
    [InlineData("otpkey")]
    [InlineData("otp")]
    [InlineData("otpSecret")]
    [InlineData("totp")]
    [InlineData("sms-otp")]
    [InlineData("pwd")]
    [InlineData("newPwd")]
    [InlineData("oldpwd")]
    [InlineData("Password")]
    [InlineData("userpassword")]
    [InlineData("pass_word")]
    [InlineData("x-api-key")]
    [InlineData("refreshToken")]
    [InlineData("Webhook.Secret")]
    public void IsSensitive_NamesHoldingASensitiveTerm_AreSensitive(string name) =>
        Defaults.IsSensitive(name).Should().BeTrue();

    [Theory]
    [InlineData("shipping_method")]
    [InlineData("shippingMethod")]
    [InlineData("role_mapping")]
    [InlineData("opinion")]
    [InlineData("spinner")]
    [InlineData("hotplug")]
    [InlineData("footprint")]
    [InlineData("name")]
    [InlineData("ping_interval")]
    [InlineData("pingTimeout")]
    [InlineData("ping")]
    [InlineData("pink")]
    [InlineData("pinto")]
    public void IsSensitive_AShortTermInsideAWord_IsNotAMatch(string name) =>
        Defaults.IsSensitive(name).Should().BeFalse();

    [Fact]
    public void IsSensitive_AShortTermOfTheUsersOwn_MatchesAtTheEdgesOfWords()
    {
        var names = new SensitiveNames(["ssn"]);

        names.IsSensitive("customer_ssn").Should().BeTrue();
        names.IsSensitive("SSNLast4").Should().BeTrue();
        names.IsSensitive("classnames").Should().BeFalse();
    }

    [Fact]
    public void IsSensitive_ALongTerm_MatchesAnywhere_SeparatorsIgnored()
    {
        var names = new SensitiveNames(["secret"]);

        names.IsSensitive("clientsecretvalue").Should().BeTrue();
        names.IsSensitive("se-cret").Should().BeTrue();
    }
}
