namespace AuditTrail.Tests.Retention;

public sealed class AuditRetentionPolicyTests
{
    private static AuditRetentionPolicy Policy()
    {
        var options = new AuditRetentionOptions { Period = TimeSpan.FromDays(30) };
        options.Rules.Add(new AuditRetentionRule { ActionType = AuditActionType.Authentication, Period = TimeSpan.FromDays(365) });
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "auth.token", Period = TimeSpan.FromDays(7) });
        options.Rules.Add(new AuditRetentionRule { TenantId = "acme", ActionCodePrefix = "doc.", Period = null });
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "page.", Period = TimeSpan.FromDays(2) });
        return new AuditRetentionPolicy(options);
    }

    [Fact]
    public void PeriodFor_SeveralRulesMatch_TheLongestWins()
    {
        Policy().PeriodFor(AuditActionType.Authentication, "auth.token.issued", null).Should().Be((TimeSpan.FromDays(365), 0));
    }

    [Fact]
    public void PeriodFor_OneRuleMatches_ItsPeriodEvenWhenShorterThanTheDefault()
    {
        Policy().PeriodFor(AuditActionType.Access, "page.viewed", "acme").Should().Be((TimeSpan.FromDays(2), 3));
    }

    [Fact]
    public void PeriodFor_ForeverRuleMatches_KeepsForever()
    {
        Policy().PeriodFor(AuditActionType.Update, "doc.edited", "acme").Should().Be(((TimeSpan?)null, 2));
        Policy().PeriodFor(AuditActionType.Update, "doc.edited", "other").Should().Be((TimeSpan.FromDays(30), -1));
    }

    [Fact]
    public void LongestPeriod_SomethingKeptForever_IsNull_ElseTheLongest()
    {
        Policy().LongestPeriod.Should().BeNull();
        var options = new AuditRetentionOptions { Period = TimeSpan.FromDays(30) };
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "auth.", Period = TimeSpan.FromDays(400) });
        new AuditRetentionPolicy(options).LongestPeriod.Should().Be(TimeSpan.FromDays(400));
    }
}
