namespace AuditTrail;

/// <summary>
/// Which OCSF class and activity a record is: the host's mapping of its action, else the built-in table of
/// <see cref="AuditActions"/>, else a default by <see cref="AuditRecord.ActionType"/> (documented in <c>docs/ocsf.md</c>).
/// </summary>
internal static class AuditOcsfMapping
{
    public static readonly IReadOnlyDictionary<string, AuditOcsfActivity> BuiltIn = new Dictionary<string, AuditOcsfActivity>(StringComparer.Ordinal)
    {
        [AuditActions.LoginSucceeded] = new(AuditOcsfClass.Authentication, 1),
        [AuditActions.LoginFailed] = new(AuditOcsfClass.Authentication, 1),
        [AuditActions.Logout] = new(AuditOcsfClass.Authentication, 2),
        [AuditActions.PasswordChanged] = new(AuditOcsfClass.AccountChange, 3),
        [AuditActions.MfaEnabled] = new(AuditOcsfClass.AccountChange, 10),
        [AuditActions.MfaDisabled] = new(AuditOcsfClass.AccountChange, 11),
        [AuditActions.AccountCreated] = new(AuditOcsfClass.AccountChange, 1),
        [AuditActions.AccountDeactivated] = new(AuditOcsfClass.AccountChange, 5),
        [AuditActions.RoleChanged] = new(AuditOcsfClass.UserAccessManagement, AssignPrivileges),
        [AuditActions.PermissionChanged] = new(AuditOcsfClass.UserAccessManagement, AssignPrivileges),
        [AuditActions.ApiKeyCreated] = new(AuditOcsfClass.EntityManagement, 1),
        [AuditActions.ApiKeyDeleted] = new(AuditOcsfClass.EntityManagement, 4),
        [AuditActions.ApiKeyExpired] = new(AuditOcsfClass.EntityManagement, 99, "Expire"),
        [AuditActions.AuditQueried] = new(AuditOcsfClass.ApiActivity, 2),
        [AuditActions.AuditExported] = new(AuditOcsfClass.ApiActivity, 2),
        [AuditActions.AuditVerified] = new(AuditOcsfClass.ApiActivity, 2),
        [AuditActions.AuditPurged] = new(AuditOcsfClass.ApiActivity, 4),
        [AuditActions.AuditErased] = new(AuditOcsfClass.ApiActivity, 3),
        [AuditActions.HoldPlaced] = new(AuditOcsfClass.ApiActivity, 1),
        [AuditActions.HoldReleased] = new(AuditOcsfClass.ApiActivity, 3),
        [AuditActions.AuditStarted] = new(AuditOcsfClass.ApplicationLifecycle, 3),
        [AuditActions.AuditStopped] = new(AuditOcsfClass.ApplicationLifecycle, 4),
        [AuditActions.ReviewFinding] = new(AuditOcsfClass.DetectionFinding, 1),
    };

    private const int AssignPrivileges = 1;
    private const int RevokePrivileges = 2;
    private const string PermissionKey = "permission";
    private const string GrantedKey = "granted";

    public static AuditOcsfActivity Map(AuditRecord record, AuditOcsfOptions options)
    {
        var activity = options.Actions.TryGetValue(record.Action, out var own) ? own
            : BuiltIn.TryGetValue(record.Action, out var builtIn) ? builtIn
            : ByActionType(record);

        // A change of roles or permissions that only takes values away revokes them.
        return activity is { Class: AuditOcsfClass.UserAccessManagement, ActivityId: AssignPrivileges, ActivityName: null } && Revokes(record)
            ? activity with { ActivityId = RevokePrivileges }
            : activity;
    }

    /// <summary>
    /// The privileges a record assigns or revokes: the values of its changes, or, without changes, the permission that
    /// <see cref="AuditLoggerExtensions.PermissionChangedAsync"/> names in the metadata.
    /// </summary>
    public static IEnumerable<string> Privileges(AuditRecord record) =>
        record.Changes.Count > 0
            ? record.Changes.Select(change => change.NewValue ?? change.OldValue).OfType<string>()
            : record.Metadata.TryGetValue(PermissionKey, out var permission) ? [permission] : [];

    private static bool Revokes(AuditRecord record) =>
        record.Changes.Count > 0
            ? record.Changes.All(change => change.NewValue is null)
            : record.Metadata.ContainsKey(PermissionKey) && record.Metadata.TryGetValue(GrantedKey, out var granted) && granted == "false";

    private static AuditOcsfActivity ByActionType(AuditRecord record) => record.ActionType switch
    {
        AuditActionType.Authentication => new(AuditOcsfClass.Authentication, 99, record.Action),
        AuditActionType.Create => new(AuditOcsfClass.EntityManagement, 1),
        AuditActionType.Update => new(AuditOcsfClass.EntityManagement, 3),
        AuditActionType.Delete => new(AuditOcsfClass.EntityManagement, 4),
        AuditActionType.Access => new(AuditOcsfClass.ApiActivity, 2),
        _ => new(AuditOcsfClass.ApiActivity, 99, record.Action),
    };
}
