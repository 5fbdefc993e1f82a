namespace AuditTrail;

/// <summary>
/// Who is reading the trail. An admin sees every record (of their tenant, when they have one); any
/// other viewer sees only records whose actor id equals their <see cref="Id"/>.
/// </summary>
/// <param name="Id">The viewer's id, compared with <see cref="AuditActor.Id"/>.</param>
/// <param name="IsAdmin">Whether the viewer may read everyone's records.</param>
/// <param name="TenantId">When set, the viewer sees only records of this tenant.</param>
public sealed record AuditViewer(string Id, bool IsAdmin, string? TenantId = null)
{
    /// <summary>An admin viewer.</summary>
    /// <param name="id">The admin's id.</param>
    public static AuditViewer Admin(string id) => new(id, IsAdmin: true);

    /// <summary>A regular user who sees only their own actions.</summary>
    /// <param name="id">The user's id.</param>
    public static AuditViewer User(string id) => new(id, IsAdmin: false);
}
