namespace AuditTrail;

/// <summary>
/// How the review recognises an admin grant in the trail: an <see cref="AuditActions.RoleChanged"/> record whose
/// <c>role</c> change sets one of <see cref="RoleNames"/> (as <c>RoleChangedAsync(...)</c> records it), or an
/// <see cref="AuditActions.PermissionChanged"/> record that grants one of <see cref="PermissionNames"/> (metadata
/// <c>permission</c> and <c>granted</c>, as <c>PermissionChangedAsync(...)</c> records it). Names compare ignoring case.
/// </summary>
public sealed class AuditAdminOptions
{
    /// <summary>The role names that are admin roles. Default: Admin, Administrator, Owner, SuperAdmin, Root.</summary>
    public ISet<string> RoleNames { get; } = new HashSet<string>(["Admin", "Administrator", "Owner", "SuperAdmin", "Root"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The permission names that make an admin. Default: admin, <c>*</c>.</summary>
    public ISet<string> PermissionNames { get; } = new HashSet<string>(["admin", "*"], StringComparer.OrdinalIgnoreCase);
}
