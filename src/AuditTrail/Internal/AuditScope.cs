namespace AuditTrail.Internal;

/// <summary>
/// The one place that decides what a viewer may see: an admin everything (of their tenant, when they
/// have one), anyone else only their own actions, no viewer nothing. Every read of the reader goes
/// through it twice: as a restriction on the store's filter, and as a check on every record returned.
/// </summary>
internal sealed class AuditScope
{
    private static readonly AuditScope Nothing = new(seesNothing: true, actorId: null, tenantId: null);

    private AuditScope(bool seesNothing, string? actorId, string? tenantId)
    {
        SeesNothing = seesNothing;
        ActorId = actorId;
        TenantId = tenantId;
    }

    public bool SeesNothing { get; }

    private string? ActorId { get; }

    private string? TenantId { get; }

    public static AuditScope For(AuditViewer? viewer)
    {
        if (viewer is null || string.IsNullOrWhiteSpace(viewer.Id))
        {
            return Nothing;
        }

        return new AuditScope(seesNothing: false, actorId: viewer.IsAdmin ? null : viewer.Id, tenantId: viewer.TenantId);
    }

    public AuditFilter Restrict(AuditFilter filter) =>
        filter with { ScopeActorId = ActorId, ScopeTenantId = TenantId };

    public bool Permits(AuditRecord record) =>
        !SeesNothing
        && (ActorId is null || string.Equals(record.Actor.Id, ActorId, StringComparison.Ordinal))
        && (TenantId is null || string.Equals(record.TenantId, TenantId, StringComparison.Ordinal));
}
