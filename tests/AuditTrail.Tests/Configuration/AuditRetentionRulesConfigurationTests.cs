using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Configuration;

/// <summary>
/// The configuration binder drops a list entry whose value does not convert, without an error: a rule with a typo
/// in its action type would vanish, and its records would be purged under the default period.
/// </summary>
public sealed class AuditRetentionRulesConfigurationTests
{
    [Fact]
    public async Task HostStart_RuleFromConfigurationWithValueThatDoesNotConvert_FailsNamingTheKey()
    {
        using var host = ConfigurationHost.Build(new Dictionary<string, string?>
        {
            ["AuditTrail:Retention:Period"] = "30.00:00:00",
            ["AuditTrail:Retention:Rules:0:ActionType"] = "Securty",
            ["AuditTrail:Retention:Rules:0:Period"] = "2555.00:00:00",
            ["AuditTrail:Retention:Rules:1:ActionType"] = "Access",
            ["AuditTrail:Retention:Rules:1:Period"] = "90d",
            ["AuditTrail:Retention:Rules:2:TenantId"] = "t-1",
            ["AuditTrail:Retention:Rules:2:Period"] = "365.00:00:00",
        });

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().BeEquivalentTo(
            "AuditTrail:Retention:Rules:0:ActionType is 'Securty', which is not an AuditActionType (Authentication, Create, Update, Delete, Security, Access); the configuration binder drops a rule whose value does not convert, so it would not apply.",
            "AuditTrail:Retention:Rules:1:Period is '90d', which is not a TimeSpan (such as 90.00:00:00 for 90 days); the configuration binder drops a rule whose value does not convert, so it would not apply.");
    }

    [Fact]
    public async Task HostStart_RulesFromConfigurationThatConvert_AreAllBound()
    {
        using var host = ConfigurationHost.Build(new Dictionary<string, string?>
        {
            ["AuditTrail:Retention:Period"] = "30.00:00:00",
            ["AuditTrail:Retention:Rules:0:ActionType"] = "security",
            ["AuditTrail:Retention:Rules:0:Period"] = "2555.00:00:00",
            ["AuditTrail:Retention:Rules:1:ActionCodePrefix"] = "auth.",
            ["AuditTrail:Retention:Rules:1:Period"] = "",
        });

        await host.StartAsync();

        var rules = host.Services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Retention.Rules;
        rules.Should().HaveCount(2);
        rules[0].ActionType.Should().Be(AuditActionType.Security);
        rules[1].Period.Should().BeNull();
        await host.StopAsync();
    }
}
