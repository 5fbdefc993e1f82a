using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Configuration;

/// <summary>
/// The configuration binder drops a maintenance window whose value does not convert, or that lacks a value its
/// constructor needs, without an error: the changes made in that window would all become findings.
/// </summary>
public sealed class AuditReviewMaintenanceConfigurationTests
{
    private const string Dropped = "the configuration binder drops a window whose value does not convert or is missing, so it would not apply.";

    [Fact]
    public async Task HostStart_WindowWithValueThatDoesNotConvertOrIsMissing_FailsNamingTheKey()
    {
        using var host = ConfigurationHost.Build(
            new Dictionary<string, string?>
            {
                ["AuditTrail:Review:Maintenance:Weekly:0:Day"] = "Mondy",
                ["AuditTrail:Review:Maintenance:Weekly:0:Start"] = "25:00",
                ["AuditTrail:Review:Maintenance:Weekly:0:Duration"] = "02:00:00",
                ["AuditTrail:Review:Maintenance:Weekly:1:Day"] = "Tuesday",
                ["AuditTrail:Review:Maintenance:Weekly:1:Start"] = "07:00",
                ["AuditTrail:Review:Maintenance:Weekly:1:Duration"] = "2h",
                ["AuditTrail:Review:Maintenance:Weekly:2:Day"] = "Friday",
                ["AuditTrail:Review:Maintenance:Weekly:2:Start"] = "07:00",
                ["AuditTrail:Review:Maintenance:OneOff:0:From"] = "2026-13-01",
                ["AuditTrail:Review:Maintenance:OneOff:0:To"] = "2026-12-02T00:00:00Z",
            },
            review: true);

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().BeEquivalentTo(
            $"AuditTrail:Review:Maintenance:Weekly:0:Day is 'Mondy', which is not a DayOfWeek (Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday); {Dropped}",
            $"AuditTrail:Review:Maintenance:Weekly:0:Start is '25:00', which is not a TimeOnly (a time of day such as 07:30); {Dropped}",
            $"AuditTrail:Review:Maintenance:Weekly:1:Duration is '2h', which is not a TimeSpan (such as 02:00:00 for 2 hours); {Dropped}",
            $"AuditTrail:Review:Maintenance:Weekly:2:Duration is missing; {Dropped}",
            $"AuditTrail:Review:Maintenance:OneOff:0:From is '2026-13-01', which is not a DateTimeOffset (such as 2026-12-01T22:00:00Z); {Dropped}");
    }

    [Fact]
    public async Task HostStart_WindowWithAnEmptyStart_FailsNamingTheKey_NotAsDropped()
    {
        // The binder would take an empty start as midnight (a window that was not meant), not drop the window.
        using var host = ConfigurationHost.Build(
            new Dictionary<string, string?>
            {
                ["AuditTrail:Review:Maintenance:Weekly:0:Day"] = "Sunday",
                ["AuditTrail:Review:Maintenance:Weekly:0:Start"] = "",
                ["AuditTrail:Review:Maintenance:Weekly:0:Duration"] = "02:00:00",
            },
            review: true);

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().Equal(
            "AuditTrail:Review:Maintenance:Weekly:0:Start is empty, which is not a TimeOnly (a time of day such as 07:30); give a value (an empty one is refused rather than taken as the type's default).");
    }

    [Fact]
    public async Task HostStart_WindowsThatConvert_AreAllBound()
    {
        using var host = ConfigurationHost.Build(
            new Dictionary<string, string?>
            {
                ["AuditTrail:Review:Maintenance:Weekly:0:Day"] = "saturday",
                ["AuditTrail:Review:Maintenance:Weekly:0:Start"] = "22:00",
                ["AuditTrail:Review:Maintenance:Weekly:0:Duration"] = "06:00:00",
                ["AuditTrail:Review:Maintenance:OneOff:0:From"] = "2026-12-01T00:00:00Z",
                ["AuditTrail:Review:Maintenance:OneOff:0:To"] = "2026-12-02T00:00:00Z",
            },
            review: true);

        await host.StartAsync();

        var maintenance = host.Services.GetRequiredService<IOptions<AuditReviewOptions>>().Value.Maintenance;
        maintenance.Weekly.Should().Equal(new AuditMaintenanceWindow(DayOfWeek.Saturday, new TimeOnly(22, 0), TimeSpan.FromHours(6)));
        maintenance.OneOff.Should().ContainSingle();
        await host.StopAsync();
    }
}
