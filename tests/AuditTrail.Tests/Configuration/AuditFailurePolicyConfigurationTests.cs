using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Configuration;

/// <summary>
/// The configuration binder drops a dictionary entry whose key or value does not convert, without an error: a
/// misspelt action type or policy would leave the events it names under the default policy.
/// </summary>
public sealed class AuditFailurePolicyConfigurationTests
{
    [Fact]
    public async Task HostStart_PolicyEntryWithKeyOrValueThatDoesNotConvert_FailsNamingTheKey()
    {
        using var host = ConfigurationHost.Build(new Dictionary<string, string?>
        {
            ["AuditTrail:FailurePolicyByActionType:Acess"] = "FailClosed",
            ["AuditTrail:FailurePolicyByActionType:Delete"] = "FailClosd",
            ["AuditTrail:FailurePolicyByAction:user.login"] = "Closed",
            ["AuditTrail:FailurePolicyByAction:user.logout"] = "FailClosed",
        });

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().BeEquivalentTo(
            "AuditTrail:FailurePolicyByActionType:Acess names 'Acess', which is not an AuditActionType (Authentication, Create, Update, Delete, Security, Access); the configuration binder drops an entry whose key or value does not convert, so it would not apply.",
            "AuditTrail:FailurePolicyByActionType:Delete is 'FailClosd', which is not an AuditFailurePolicy (FailClosed, FailOpen); the configuration binder drops an entry whose key or value does not convert, so it would not apply.",
            "AuditTrail:FailurePolicyByAction:user.login is 'Closed', which is not an AuditFailurePolicy (FailClosed, FailOpen); the configuration binder drops an entry whose key or value does not convert, so it would not apply.");
    }

    [Fact]
    public async Task HostStart_PolicyEntriesThatConvert_AreAllBound()
    {
        using var host = ConfigurationHost.Build(new Dictionary<string, string?>
        {
            ["AuditTrail:FailurePolicyByActionType:access"] = "failclosed",
            ["AuditTrail:FailurePolicyByAction:user.logout"] = "FailOpen",
        });

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<AuditTrailOptions>>().Value;
        options.FailurePolicyByActionType[AuditActionType.Access].Should().Be(AuditFailurePolicy.FailClosed);
        options.FailurePolicyByAction["user.logout"].Should().Be(AuditFailurePolicy.FailOpen);
        await host.StopAsync();
    }

    [Fact]
    public async Task HostStart_PolicyEntryWithEmptyValue_FailsNamingTheKey()
    {
        // An empty environment variable (AuditTrail__FailurePolicyByAction__user.login=) is such an entry: the binder drops it.
        using var host = ConfigurationHost.Build(new Dictionary<string, string?>
        {
            ["AuditTrail:FailurePolicyByActionType:Delete"] = "",
            ["AuditTrail:FailurePolicyByAction:user.login"] = "",
        });

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().BeEquivalentTo(
            "AuditTrail:FailurePolicyByActionType:Delete is empty, which is not an AuditFailurePolicy (FailClosed, FailOpen); the configuration binder drops an entry whose key or value does not convert, so it would not apply.",
            "AuditTrail:FailurePolicyByAction:user.login is empty, which is not an AuditFailurePolicy (FailClosed, FailOpen); the configuration binder drops an entry whose key or value does not convert, so it would not apply.");
    }
}
