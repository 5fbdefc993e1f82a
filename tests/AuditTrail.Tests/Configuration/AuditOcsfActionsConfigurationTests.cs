using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Configuration;

/// <summary>The configuration binder drops an OCSF mapping whose class or activity id does not convert, or is missing, without an error.</summary>
public sealed class AuditOcsfActionsConfigurationTests
{
    [Fact]
    public async Task HostStart_MappingWithValueThatDoesNotConvertOrIsMissing_FailsNamingTheKey()
    {
        using var host = ConfigurationHost.Build(new Dictionary<string, string?>
        {
            ["AuditTrail:Ocsf:Actions:invoice.paid:Class"] = "Bogus",
            ["AuditTrail:Ocsf:Actions:invoice.paid:ActivityId"] = "1",
            ["AuditTrail:Ocsf:Actions:invoice.sent:Class"] = "AccountChange",
            ["AuditTrail:Ocsf:Actions:invoice.sent:ActivityId"] = "one",
            ["AuditTrail:Ocsf:Actions:invoice.void:ActivityId"] = "1",
        });

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        var classes = string.Join(", ", Enum.GetNames<AuditOcsfClass>());
        error.Failures.Should().BeEquivalentTo(
            $"AuditTrail:Ocsf:Actions:invoice.paid:Class is 'Bogus', which is not an AuditOcsfClass ({classes}); the configuration binder drops a mapping whose value does not convert or is missing, so it would not apply.",
            "AuditTrail:Ocsf:Actions:invoice.sent:ActivityId is 'one', which is not an Int32 (a whole number); the configuration binder drops a mapping whose value does not convert or is missing, so it would not apply.",
            "AuditTrail:Ocsf:Actions:invoice.void:Class is missing; the configuration binder drops a mapping whose value does not convert or is missing, so it would not apply.");
    }

    [Fact]
    public async Task HostStart_MappingThatConverts_IsBound()
    {
        using var host = ConfigurationHost.Build(new Dictionary<string, string?>
        {
            ["AuditTrail:Ocsf:Actions:invoice.paid:Class"] = "accountchange",
            ["AuditTrail:Ocsf:Actions:invoice.paid:ActivityId"] = "99",
            ["AuditTrail:Ocsf:Actions:invoice.paid:ActivityName"] = "Paid",
        });

        await host.StartAsync();

        var actions = host.Services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Ocsf.Actions;
        actions["invoice.paid"].Should().Be(new AuditOcsfActivity(AuditOcsfClass.AccountChange, 99, "Paid"));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("0x1")]
    [InlineData("#1")]
    [InlineData(" 1 ")]
    public async Task HostStart_ActivityIdInAFormTheBinderConverts_IsBound(string activityId)
    {
        using var host = ConfigurationHost.Build(new Dictionary<string, string?>
        {
            ["AuditTrail:Ocsf:Actions:user.login:Class"] = "authentication",
            ["AuditTrail:Ocsf:Actions:user.login:ActivityId"] = activityId,
        });

        await host.StartAsync();

        host.Services.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Ocsf.Actions["user.login"]
            .Should().Be(new AuditOcsfActivity(AuditOcsfClass.Authentication, 1), "the binder reads the value, so the check must not refuse it");
        await host.StopAsync();
    }
}
