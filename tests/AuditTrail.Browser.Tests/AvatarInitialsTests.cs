namespace AuditTrail.Browser.Tests;

/// <summary>The sample's avatar initials, of names in any script.</summary>
public sealed class AvatarInitialsTests
{
    [Theory]
    [InlineData("John Doe", "JD")]
    [InlineData("élodie martin", "ÉM")]
    [InlineData("🚀 Rocket Team", "🚀R")]
    [InlineData("👩‍💻 Dev", "👩‍💻D")]
    [InlineData("山田 太郎", "山太")]
    [InlineData("", "?")]
    [InlineData(null, "?")]
    public void Initials_NameInAnyScript_AreWholeCharacters(string? name, string expected)
    {
        AuditTrail.Samples.WebApp.Rendering.Layout.Initials(name).Should().Be(expected);
    }
}
