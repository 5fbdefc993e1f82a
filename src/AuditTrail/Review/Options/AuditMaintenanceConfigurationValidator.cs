using Microsoft.Extensions.Configuration;

namespace AuditTrail;

/// <summary>
/// Checks the maintenance windows under <c>AuditTrail:Review:Maintenance</c> in configuration: the binder drops a window
/// whose value does not convert, or that lacks a value its constructor needs, without an error, so every change made in
/// that window would become a finding.
/// </summary>
internal sealed class AuditMaintenanceConfigurationValidator(IServiceProvider services)
    : ConfigurationDropValidator<AuditReviewOptions>(services, "the configuration binder drops a window whose value does not convert or is missing, so it would not apply.")
{
    /// <summary>The section <see cref="AuditReviewOptions"/> are documented to be bound from.</summary>
    internal const string ReviewSection = ConfigurationDropCheck.AuditTrailSection + ":Review";

    private const string Section = ReviewSection + ":" + nameof(AuditReviewOptions.Maintenance) + ":";
    private static readonly ConfigurationValueType Day = ConfigurationValueType.Enum<DayOfWeek>();
    private static readonly ConfigurationValueType Duration = ConfigurationValueType.TimeSpan("02:00:00 for 2 hours");

    protected override void Check(IConfiguration configuration, ConfigurationDropCheck check)
    {
        foreach (var window in configuration.GetSection(Section + nameof(AuditMaintenanceOptions.Weekly)).GetChildren())
        {
            check.Required(window, nameof(AuditMaintenanceWindow.Day), Day);
            check.Required(window, nameof(AuditMaintenanceWindow.Start), ConfigurationValueType.TimeOnly);
            check.Required(window, nameof(AuditMaintenanceWindow.Duration), Duration);
        }

        foreach (var period in configuration.GetSection(Section + nameof(AuditMaintenanceOptions.OneOff)).GetChildren())
        {
            check.Required(period, nameof(AuditMaintenancePeriod.From), ConfigurationValueType.DateTimeOffset);
            check.Required(period, nameof(AuditMaintenancePeriod.To), ConfigurationValueType.DateTimeOffset);
        }
    }
}
