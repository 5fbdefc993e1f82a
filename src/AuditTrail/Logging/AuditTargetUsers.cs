namespace AuditTrail;

/// <summary>The target user of a helper's event, from the user resource the helper was given.</summary>
internal static class AuditTargetUsers
{
    /// <summary>The resource's id and name as the target user; none when the resource has no id to compare with a viewer's.</summary>
    public static AuditTargetUser? Of(AuditResource? user) =>
        user?.Id is { } id && !string.IsNullOrWhiteSpace(id) ? new AuditTargetUser(id, user.Name) : null;

    /// <summary>The same, only when the resource is a user (type <c>user</c>): a permission may be changed on a role.</summary>
    public static AuditTargetUser? OfUserResource(AuditResource? subject) =>
        IsUser(subject) ? Of(subject) : null;

    /// <summary>Whether the resource is a user account (type <c>user</c>, ignoring case).</summary>
    public static bool IsUser(AuditResource? resource) =>
        string.Equals(resource?.Type, "user", StringComparison.OrdinalIgnoreCase);
}
