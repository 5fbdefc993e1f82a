using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Configuration;

public sealed class AuditRetentionRulesOptionsTests
{
    [Fact]
    public async Task HostStart_InvalidRules_FailsNamingEachRule()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(30);
            o.Retention.Rules.Add(new AuditRetentionRule { ActionType = AuditActionType.Authentication, Period = TimeSpan.FromDays(365) });
            o.Retention.Rules.Add(new AuditRetentionRule { TenantId = " ", Period = TimeSpan.FromHours(2) });
            o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "", Period = TimeSpan.FromDays(7) });
            o.Retention.Rules.Add(new AuditRetentionRule { ActionType = (AuditActionType)42, Period = TimeSpan.FromDays(7) });
        }).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().BeEquivalentTo(
            "AuditTrailOptions.Retention.Rules[1].TenantId is empty; set a tenant, or null for any tenant.",
            "AuditTrailOptions.Retention.Rules[1].Period is 02:00:00; it must be at least 1.00:00:00 (one day), or null to keep the matching records forever.",
            "AuditTrailOptions.Retention.Rules[2].ActionCodePrefix is empty; set a prefix such as \"auth.\", or null for any action code.",
            "AuditTrailOptions.Retention.Rules[3].ActionType is 42; it must be a defined AuditActionType, or null for any.");
    }

    [Fact]
    public async Task HostStart_RuleWithoutCriterion_FailsPointingToTheDefaultPeriod()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o => o.Retention.Rules.Add(new AuditRetentionRule { Period = TimeSpan.FromDays(7) }))
            .UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().ContainSingle().Which.Should().Be(
            "AuditTrailOptions.Retention.Rules[0] matches every record (no ActionType, ActionCodePrefix or TenantId); set a criterion, or use AuditTrailOptions.Retention.Period for the default.");
    }

    [Fact]
    public async Task HostStart_PeriodsOverAThousandYears_FailsNamingEachPeriod()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o =>
        {
            o.Retention.Period = TimeSpan.MaxValue;
            o.Retention.Rules.Add(new AuditRetentionRule { TenantId = "a", Period = TimeSpan.FromDays(365_251) });
            o.Retention.Rules.Add(new AuditRetentionRule { TenantId = "b", Period = TimeSpan.FromDays(365_250) });
            o.Retention.Rules.Add(new AuditRetentionRule { TenantId = "c", Period = null });
        }).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().BeEquivalentTo(
            $"AuditTrailOptions.Retention.Period is {TimeSpan.MaxValue}; it must be at most 365250.00:00:00 (1000 years), or null to keep records forever.",
            "AuditTrailOptions.Retention.Rules[0].Period is 365251.00:00:00; it must be at most 365250.00:00:00 (1000 years), or null to keep the matching records forever.");
    }

    [Fact]
    public async Task HostStart_RuleTenantLongerThanRecordsKeep_FailsNamingTheRule()
    {
        // Records keep at most AuditLimits.TenantId characters of a tenant: a longer rule tenant would match no record,
        // so its records would silently follow the default period (purged years early under a longer rule).
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(30);
            o.Retention.Rules.Add(new AuditRetentionRule { TenantId = new string('t', AuditLimits.TenantId), Period = TimeSpan.FromDays(3650) });
            o.Retention.Rules.Add(new AuditRetentionRule { TenantId = new string('t', AuditLimits.TenantId + 1), Period = TimeSpan.FromDays(3650) });
        }).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().ContainSingle().Which.Should().Be(
            "AuditTrailOptions.Retention.Rules[1].TenantId is 129 characters long; records keep tenant ids of at most 128, so it would match no record.");
    }
}
