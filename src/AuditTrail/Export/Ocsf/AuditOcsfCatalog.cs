namespace AuditTrail;

/// <summary>The names OCSF 1.3 gives the classes AuditTrail maps to, their categories and their activities.</summary>
internal static class AuditOcsfCatalog
{
    public const int Findings = 2;
    public const int IdentityAndAccessManagement = 3;
    public const int ApplicationActivity = 6;

    public static readonly IReadOnlyDictionary<AuditOcsfClass, IReadOnlyDictionary<int, string>> Activities = new Dictionary<AuditOcsfClass, IReadOnlyDictionary<int, string>>
    {
        [AuditOcsfClass.DetectionFinding] = Named((1, "Create"), (2, "Update"), (3, "Close")),
        [AuditOcsfClass.AccountChange] = Named((1, "Create"), (2, "Enable"), (3, "Password Change"), (4, "Password Reset"), (5, "Disable"), (6, "Delete"),
            (7, "Attach Policy"), (8, "Detach Policy"), (9, "Lock"), (10, "MFA Factor Enable"), (11, "MFA Factor Disable"), (12, "Unlock")),
        [AuditOcsfClass.Authentication] = Named((1, "Logon"), (2, "Logoff"), (3, "Authentication Ticket"), (4, "Service Ticket Request"),
            (5, "Service Ticket Renew"), (6, "Preauth")),
        [AuditOcsfClass.EntityManagement] = Named((1, "Create"), (2, "Read"), (3, "Update"), (4, "Delete"), (5, "Move"), (6, "Enroll"), (7, "Unenroll")),
        [AuditOcsfClass.UserAccessManagement] = Named((1, "Assign Privileges"), (2, "Revoke Privileges")),
        [AuditOcsfClass.ApplicationLifecycle] = Named((1, "Install"), (2, "Remove"), (3, "Start"), (4, "Stop")),
        [AuditOcsfClass.ApiActivity] = Named((1, "Create"), (2, "Read"), (3, "Update"), (4, "Delete")),
    };

    public static string ClassName(AuditOcsfClass ocsfClass) => ocsfClass switch
    {
        AuditOcsfClass.DetectionFinding => "Detection Finding",
        AuditOcsfClass.AccountChange => "Account Change",
        AuditOcsfClass.Authentication => "Authentication",
        AuditOcsfClass.EntityManagement => "Entity Management",
        AuditOcsfClass.UserAccessManagement => "User Access Management",
        AuditOcsfClass.ApplicationLifecycle => "Application Lifecycle",
        AuditOcsfClass.ApiActivity => "API Activity",
        _ => throw new ArgumentOutOfRangeException(nameof(ocsfClass), ocsfClass, "Not an OCSF class AuditTrail maps to."),
    };

    public static int CategoryUid(AuditOcsfClass ocsfClass) => (int)ocsfClass / 1000;

    public static string CategoryName(AuditOcsfClass ocsfClass) => CategoryUid(ocsfClass) switch
    {
        Findings => "Findings",
        IdentityAndAccessManagement => "Identity & Access Management",
        _ => "Application Activity",
    };

    /// <summary>The name written for an activity: the mapping's own, else the class's; <see langword="null"/> when neither names it.</summary>
    public static string? ActivityName(AuditOcsfActivity activity) =>
        activity.ActivityName ?? (Activities.TryGetValue(activity.Class, out var names) && names.TryGetValue(activity.ActivityId, out var name) ? name : null);

    private static Dictionary<int, string> Named(params (int Id, string Name)[] activities)
    {
        var names = activities.ToDictionary(activity => activity.Id, activity => activity.Name);
        names[0] = "Unknown";
        names[99] = "Other";
        return names;
    }
}
