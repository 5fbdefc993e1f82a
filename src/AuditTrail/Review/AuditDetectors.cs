namespace AuditTrail;

/// <summary>The names of the built-in review detectors (<see cref="AuditFinding.Detector"/>); <c>docs/review.md</c> says what each looks for.</summary>
public static class AuditDetectors
{
    /// <summary>At least N failed logins for one attempted user name in a window.</summary>
    public const string BruteForce = "brute_force";

    /// <summary>A successful login right after a brute-force burst on the same account: a possible compromise.</summary>
    public const string SuccessAfterFailures = "success_after_failures";

    /// <summary>One source address failing against at least M distinct user names in a window.</summary>
    public const string PasswordSpraying = "password_spraying";

    /// <summary>A login outside the hours where the user's own successful logins fall.</summary>
    public const string UnusualLoginTime = "unusual_login_time";

    /// <summary>A login from an address prefix the user was not seen on in the baseline period.</summary>
    public const string NewNetwork = "new_network";

    /// <summary>A login with a user agent family the user was not seen with in the baseline period.</summary>
    public const string NewClient = "new_client";

    /// <summary>A login from a country the user was not seen in (only with a host's <see cref="IAuditGeoLocator"/>).</summary>
    public const string NewCountry = "new_country";

    /// <summary>A create, update or delete outside the declared maintenance windows.</summary>
    public const string ChangeOutsideMaintenanceWindow = "change_outside_maintenance_window";

    /// <summary>An action by an actor after that actor's deactivation.</summary>
    public const string DepartedActorActive = "departed_actor_active";

    /// <summary>A role or permission change granting admin rights, above all one an actor makes to itself.</summary>
    public const string PrivilegeEscalation = "privilege_escalation";

    /// <summary>An admin whose latest MFA event disabled MFA, or who has none.</summary>
    public const string AdminWithoutMfa = "admin_without_mfa";

    /// <summary>An export of more than K records.</summary>
    public const string BulkExport = "bulk_export";

    /// <summary>More than D deletes by one actor in a window.</summary>
    public const string BulkDelete = "bulk_delete";

    /// <summary>A gap in the trail itself: audit stopped without a matching start, a failed verification, a purge outside the retention policy.</summary>
    public const string TrailGap = "trail_gap";
}
