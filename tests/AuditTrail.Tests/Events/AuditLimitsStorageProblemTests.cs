namespace AuditTrail.Tests.Events;

/// <summary><see cref="AuditLimits.StorageProblem"/>: what keeps a value from being stored as given.</summary>
public sealed class AuditLimitsStorageProblemTests
{
    [Theory]
    [InlineData("")]
    [InlineData("acme")]
    [InlineData("Zoë 🙂 日本")]
    public void StorageProblem_ValueStoredAsGiven_IsNull(string value) =>
        AuditLimits.StorageProblem(value, AuditLimits.TenantId).Should().BeNull();

    [Fact]
    public void StorageProblem_AtTheLimit_IsNull_OneMore_NamesBothLengths()
    {
        AuditLimits.StorageProblem(new string('t', AuditLimits.TenantId), AuditLimits.TenantId).Should().BeNull();

        AuditLimits.StorageProblem(new string('t', AuditLimits.TenantId + 1), AuditLimits.TenantId)
            .Should().Be("is 129 characters long, and records keep at most 128");
    }

    [Theory]
    [InlineData("NUL")]
    [InlineData("high")]
    [InlineData("low")]
    public void StorageProblem_NulOrLoneSurrogate_SaysItIsStoredAsTheReplacementCharacter(string named)
    {
        // By name: xunit's serialization of theory data would repair a lone surrogate before the test saw it.
        var value = named switch { "NUL" => "ac\0me", "high" => "acme\uD800", _ => "\uDC00acme" };

        AuditLimits.StorageProblem(value, AuditLimits.TenantId).Should().Be("holds a NUL or a lone surrogate, which records store as U+FFFD");
    }

    [Fact]
    public void StorageProblem_Null_IsRefusedNamingTheArgument() =>
        FluentActions.Invoking(() => AuditLimits.StorageProblem(null!, AuditLimits.TenantId))
            .Should().Throw<ArgumentNullException>().WithParameterName("value");
}
