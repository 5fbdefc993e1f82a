using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Retention;

/// <summary>The canonical text a retention policy checkpoint signs: pinned, culture-invariant, and read back exactly.</summary>
public sealed class AuditRetentionPolicyTextTests
{
    private static AuditRetentionOptions Policy()
    {
        var options = new AuditRetentionOptions { Period = TimeSpan.FromDays(365) };
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = TimeSpan.FromDays(30) });
        options.Rules.Add(new AuditRetentionRule { ActionType = AuditActionType.Authentication, TenantId = "acme corp/*-é", Period = null });
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "-", TenantId = "*", Period = TimeSpan.FromHours(36.5) });
        return options;
    }

    [Fact]
    public void Format_PolicyWithRules_GivesThePinnedText()
    {
        using var culture = new CultureScope("ar-SA");

        var text = AuditRetentionPolicyText.Format(Policy());

        text.Should().Be(
            "audittrail-retention-policy-v1\n" +
            "default 365.00:00:00\n" +
            "rule * session. * 30.00:00:00\n" +
            "rule Authentication * acme%20corp%2F%2A-%C3%A9 forever\n" +
            "rule * - %2A 1.12:30:00");
    }

    [Fact]
    public void Parse_FormattedText_GivesThePolicyBack()
    {
        var parsed = AuditRetentionPolicyText.Parse(AuditRetentionPolicyText.Format(Policy()));

        parsed.Should().NotBeNull();
        parsed!.Period.Should().Be(TimeSpan.FromDays(365));
        parsed.Rules.Should().BeEquivalentTo(Policy().Rules, o => o.WithStrictOrdering());
        AuditRetentionPolicyText.Format(parsed).Should().Be(AuditRetentionPolicyText.Format(Policy()));
        AuditRetentionPolicyText.Parse(AuditRetentionPolicyText.Format(new AuditRetentionOptions()))!.Period.Should().BeNull("forever reads back as forever");
    }

    [Theory]
    [InlineData("audittrail-retention-policy-v2\ndefault forever")]
    [InlineData("audittrail-retention-policy-v1")]
    [InlineData("audittrail-retention-policy-v1\ndefault 30 days")]
    [InlineData("audittrail-retention-policy-v1\ndefault forever\nrule * session. * ")]
    [InlineData("audittrail-retention-policy-v1\ndefault forever\nrule Sometimes * * forever")]
    [InlineData("audittrail-retention-policy-v1\ndefault forever\nrule 3 * * forever")]
    public void Parse_TextThisVersionDoesNotRead_GivesNull(string text) =>
        AuditRetentionPolicyText.Parse(text).Should().BeNull();
}
