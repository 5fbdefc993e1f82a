using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Validates <see cref="AuditReviewOptions"/>, every error in one message naming the option.</summary>
internal sealed class AuditReviewOptionsValidator : IValidateOptions<AuditReviewOptions>
{
    /// <summary>Every name of <see cref="AuditDetectors"/>.</summary>
    public static readonly IReadOnlySet<string> KnownDetectors = new HashSet<string>(
    [
        AuditDetectors.BruteForce, AuditDetectors.SuccessAfterFailures, AuditDetectors.PasswordSpraying,
        AuditDetectors.UnusualLoginTime, AuditDetectors.NewNetwork, AuditDetectors.NewClient, AuditDetectors.NewCountry,
        AuditDetectors.ChangeOutsideMaintenanceWindow, AuditDetectors.DepartedActorActive, AuditDetectors.PrivilegeEscalation,
        AuditDetectors.AdminWithoutMfa, AuditDetectors.BulkExport, AuditDetectors.BulkDelete, AuditDetectors.TrailGap,
    ], StringComparer.Ordinal);

    private const string Prefix = "AuditReviewOptions.";

    public ValidateOptionsResult Validate(string? name, AuditReviewOptions options)
    {
        var errors = new List<string>();
        foreach (var unknown in options.DisabledDetectors.Where(d => !KnownDetectors.Contains(d)))
        {
            errors.Add($"{Prefix}DisabledDetectors names '{unknown}', which is not a detector; use the names of AuditDetectors.");
        }

        Burst(errors, "BruteForce", options.BruteForce, minimum: 1);
        Burst(errors, "PasswordSpraying", options.PasswordSpraying, minimum: 2);
        Burst(errors, "BulkDelete", options.BulkDelete, minimum: 1);
        if (options.MaxExportedRecords < 1)
        {
            errors.Add($"{Prefix}MaxExportedRecords is {options.MaxExportedRecords}; it must be at least 1.");
        }

        Baseline(errors, options.LoginBaseline);
        Maintenance(errors, options.Maintenance);
        if (options.Admins.RoleNames.Count == 0 && options.Admins.PermissionNames.Count == 0)
        {
            errors.Add($"{Prefix}Admins.RoleNames and {Prefix}Admins.PermissionNames are both empty; name at least one admin role or permission.");
        }

        EmptyName(errors, "Admins.RoleNames", options.Admins.RoleNames);
        EmptyName(errors, "Admins.PermissionNames", options.Admins.PermissionNames);

        Range(errors, "MaxRestartGap", options.MaxRestartGap, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (options.MaxAlertAge is { } maxAlertAge)
        {
            Range(errors, "MaxAlertAge", maxAlertAge, TimeSpan.FromMinutes(1), TimeSpan.FromDays(3650));
        }

        if (options.MaxEvidenceIds is < 1 or > 10_000)
        {
            errors.Add($"{Prefix}MaxEvidenceIds is {options.MaxEvidenceIds}; it must be between 1 and 10000.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Burst(List<string> errors, string name, AuditBurstOptions burst, int minimum)
    {
        if (burst.Threshold < minimum)
        {
            errors.Add($"{Prefix}{name}.Threshold is {burst.Threshold}; it must be at least {minimum}.");
        }

        Range(errors, name + ".Window", burst.Window, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
    }

    private static void Baseline(List<string> errors, AuditLoginBaselineOptions baseline)
    {
        Range(errors, "LoginBaseline.Period", baseline.Period, TimeSpan.FromDays(1), TimeSpan.FromDays(365));
        if (baseline.MinLogins < 1)
        {
            errors.Add($"{Prefix}LoginBaseline.MinLogins is {baseline.MinLogins}; it must be at least 1.");
        }

        if (baseline.HourMargin is < 0 or > 11)
        {
            errors.Add($"{Prefix}LoginBaseline.HourMargin is {baseline.HourMargin}; it must be between 0 and 11.");
        }

        if (baseline.IPv4PrefixLength is < 8 or > 32)
        {
            errors.Add($"{Prefix}LoginBaseline.IPv4PrefixLength is {baseline.IPv4PrefixLength}; it must be between 8 and 32.");
        }

        if (baseline.IPv6PrefixLength is < 16 or > 128)
        {
            errors.Add($"{Prefix}LoginBaseline.IPv6PrefixLength is {baseline.IPv6PrefixLength}; it must be between 16 and 128.");
        }

        TimeZone(errors, "LoginBaseline.TimeZoneId", baseline.TimeZoneId);
    }

    private static void Maintenance(List<string> errors, AuditMaintenanceOptions maintenance)
    {
        Range(errors, "Maintenance.EpisodeGap", maintenance.EpisodeGap, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        for (var i = 0; i < maintenance.Weekly.Count; i++)
        {
            var window = maintenance.Weekly[i];
            if (window is null)
            {
                errors.Add($"{Prefix}Maintenance.Weekly[{i}] is null.");
                continue;
            }

            if (!Enum.IsDefined(window.Day))
            {
                errors.Add($"{Prefix}Maintenance.Weekly[{i}].Day is {(int)window.Day}; it must be a DayOfWeek, Sunday to Saturday.");
            }

            if (window.Duration <= TimeSpan.Zero || window.Duration > TimeSpan.FromDays(7))
            {
                errors.Add($"{Prefix}Maintenance.Weekly[{i}].Duration is {window.Duration}; it must be more than zero and at most 7.00:00:00.");
            }

            TimeZone(errors, $"Maintenance.Weekly[{i}].TimeZoneId", window.TimeZoneId);
        }

        for (var i = 0; i < maintenance.OneOff.Count; i++)
        {
            if (maintenance.OneOff[i] is not { } period)
            {
                errors.Add($"{Prefix}Maintenance.OneOff[{i}] is null.");
            }
            else if (period.To <= period.From)
            {
                errors.Add($"{Prefix}Maintenance.OneOff[{i}] must have To after From.");
            }
        }
    }

    private static void EmptyName(List<string> errors, string name, IEnumerable<string> names)
    {
        foreach (var empty in names.Where(string.IsNullOrWhiteSpace).Take(1))
        {
            errors.Add($"{Prefix}{name} holds an empty name ({(empty is null ? "null" : $"'{empty}'")}).");
        }
    }

    private static void Range(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Prefix}{name} is {value}; it must be between {min} and {max}.");
        }
    }

    private static void TimeZone(List<string> errors, string name, string? id)
    {
        if (AuditTimeZoneIdCheck.Problem(Prefix + name, id) is { } problem)
        {
            errors.Add(problem);
        }
    }
}
