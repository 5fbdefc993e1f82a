namespace AuditTrail;

/// <summary>
/// The one place that decides what a viewer may see: an admin everything (of their tenant, when they
/// have one), anyone else their own actions and, unless <see cref="AuditTrailOptions.IncludeRecordsAboutViewer"/> is
/// off, the records whose target user they are; no viewer nothing. Every read of the reader goes
/// through it twice: as a restriction on the store's filter, and as a check on every record returned.
/// It also tells whether a query asked for more than the scope allows (<see cref="IsExceededBy"/>), so
/// that whoever records the read can record the attempt.
/// </summary>
internal sealed class AuditScope
{
    private static readonly AuditScope Nothing = new(seesNothing: true, userId: null, includesTargetUser: false, tenantId: null);

    private AuditScope(bool seesNothing, string? userId, bool includesTargetUser, string? tenantId)
    {
        SeesNothing = seesNothing;
        UserId = userId;
        IncludesTargetUser = includesTargetUser && userId is not null;
        TenantId = tenantId;
    }

    public bool SeesNothing { get; }

    /// <summary>Whether the scope is the whole trail: an admin without a tenant.</summary>
    public bool SeesEveryRecord => !SeesNothing && UserId is null && TenantId is null;

    // The viewer's id when the scope is a user's own trail; null for an admin.
    private string? UserId { get; }

    private bool IncludesTargetUser { get; }

    private string? TenantId { get; }

    /// <exception cref="ArgumentException">
    /// The viewer's id or tenant is one no record can hold as given (<see cref="ThrowIfNotStorable"/>).
    /// </exception>
    public static AuditScope For(AuditViewer? viewer, bool includeRecordsAboutViewer)
    {
        if (viewer is null || string.IsNullOrWhiteSpace(viewer.Id))
        {
            return Nothing;
        }

        ThrowIfNotStorable(viewer.Id, "viewer.Id", AuditLimits.ActorId);
        ThrowIfNotStorable(viewer.TenantId, "viewer.TenantId", AuditLimits.TenantId);
        return new AuditScope(seesNothing: false, userId: viewer.IsAdmin ? null : viewer.Id, includeRecordsAboutViewer, tenantId: viewer.TenantId);
    }

    /// <summary>
    /// Refuses a viewer id or tenant that the store cannot hold as given: longer than its limit, or with a NUL or a lone
    /// surrogate. Such a value is stored cut or repaired, so it matches none of the viewer's own records, and the cut or
    /// repaired value can be another user's or tenant's too (two tenants that differ only after 116 characters are
    /// stored alike): an error naming it, rather than a scope that silently matches nothing or someone else.
    /// </summary>
    public static void ThrowIfNotStorable(string? value, string name, int maxLength)
    {
        if (value is null)
        {
            return;
        }

        if (AuditLimits.StorageProblem(value, maxLength) is { } problem)
        {
            throw Errors.Argument(name, $"{name} {problem}, so no record can be in its scope.");
        }
    }

    public AuditFilter Restrict(AuditFilter filter) =>
        filter with { ScopeActorId = UserId, ScopeIncludesTargetUser = IncludesTargetUser, ScopeTenantId = TenantId };

    /// <summary>
    /// Whether the filter names an actor or a tenant that this scope excludes: a viewer who is not an admin and sees
    /// only their own actions naming anyone but themselves in <see cref="AuditFilter.ActorIds"/> (when the scope
    /// includes the records about the viewer, other actors' records about them are in it, so naming another actor is
    /// a question the scope answers), a viewer with a tenant naming another tenant, or a viewer who sees nothing naming
    /// anyone. Such a query is not refused, because <see cref="Restrict"/> still keeps its results inside the scope; it
    /// is an attempt to reach other people's entries. The answer depends only on the query and the viewer, never on
    /// what is stored, so recording it tells the requester nothing about other people's records.
    /// </summary>
    public bool IsExceededBy(AuditFilter filter) =>
        (SeesNothing && (filter.ActorIds.Count > 0 || filter.TargetUserId is not null || filter.TenantId is not null))
        || (UserId is not null && !IncludesTargetUser && filter.ActorIds.Any(id => !string.Equals(id, UserId, StringComparison.Ordinal)))
        || (TenantId is not null && filter.TenantId is { } tenant && !string.Equals(tenant, TenantId, StringComparison.Ordinal));

    public bool Permits(AuditRecord record) =>
        !SeesNothing
        && (UserId is null
            || string.Equals(record.Actor.Id, UserId, StringComparison.Ordinal)
            || (IncludesTargetUser && string.Equals(record.TargetUser?.Id, UserId, StringComparison.Ordinal)))
        && (TenantId is null || string.Equals(record.TenantId, TenantId, StringComparison.Ordinal));
}
