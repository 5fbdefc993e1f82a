namespace AuditTrail;

/// <summary>
/// The one place that decides what a viewer may see: an admin everything (of their tenant, when they
/// have one), anyone else only their own actions, no viewer nothing. Every read of the reader goes
/// through it twice: as a restriction on the store's filter, and as a check on every record returned.
/// It also tells whether a query asked for more than the scope allows (<see cref="IsExceededBy"/>), so
/// that whoever records the read can record the attempt.
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

    /// <summary>
    /// Whether the filter names an actor or a tenant that this scope excludes: a viewer who is not an admin
    /// naming anyone but themselves in <see cref="AuditFilter.ActorIds"/>, a viewer with a tenant naming another
    /// tenant, or a viewer who sees nothing naming anyone. Such a query is not refused, because
    /// <see cref="Restrict"/> still keeps its results inside the scope; it is an attempt to reach other people's
    /// entries. The answer depends only on the query and the viewer, never on what is stored, so recording it
    /// tells the requester nothing about other people's records.
    /// </summary>
    public bool IsExceededBy(AuditFilter filter) =>
        (SeesNothing && (filter.ActorIds.Count > 0 || filter.TenantId is not null))
        || (ActorId is not null && filter.ActorIds.Any(id => !string.Equals(id, ActorId, StringComparison.Ordinal)))
        || (TenantId is not null && filter.TenantId is { } tenant && !string.Equals(tenant, TenantId, StringComparison.Ordinal));

    public bool Permits(AuditRecord record) =>
        !SeesNothing
        && (ActorId is null || string.Equals(record.Actor.Id, ActorId, StringComparison.Ordinal))
        && (TenantId is null || string.Equals(record.TenantId, TenantId, StringComparison.Ordinal));
}
