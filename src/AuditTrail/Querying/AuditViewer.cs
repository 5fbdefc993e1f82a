
namespace AuditTrail;

/// <summary>
/// Who is reading the trail. An admin sees every record (of their tenant, when they have one); any
/// other viewer sees only records whose actor id equals their <see cref="Id"/> and, unless
/// <see cref="AuditTrailOptions.IncludeRecordsAboutViewer"/> is off, records whose target user id does.
/// </summary>
/// <param name="Id">The viewer's id, compared with <see cref="AuditActor.Id"/> and <see cref="AuditTargetUser.Id"/>.</param>
/// <param name="IsAdmin">Whether the viewer may read everyone's records.</param>
/// <param name="TenantId">When set, the viewer sees only records of this tenant.</param>
public sealed record AuditViewer(string Id, bool IsAdmin, string? TenantId = null)
{
    /// <summary>An admin viewer.</summary>
    /// <param name="id">The admin's id.</param>
    public static AuditViewer Admin(string id) => new(id, IsAdmin: true);

    /// <summary>A regular user who sees their own actions (and, by default, the records about them).</summary>
    /// <param name="id">The user's id.</param>
    public static AuditViewer User(string id) => new(id, IsAdmin: false);

    /// <summary>
    /// Whether <paramref name="query"/> asks for records outside what this viewer may see under the default options
    /// (<see cref="AuditTrailOptions.IncludeRecordsAboutViewer"/> on): a tenant other than <see cref="TenantId"/> when
    /// the viewer has one, or anything at all from a viewer without an id. See
    /// <see cref="AsksOutsideScope(AuditQuery, bool)"/>.
    /// </summary>
    /// <param name="query">The query the viewer asks.</param>
    /// <returns><see langword="true"/> when the query names an actor or tenant outside the viewer's scope.</returns>
    /// <exception cref="ArgumentException">The query holds an invalid value; the message names it, as the reader's would.</exception>
    public bool AsksOutsideScope(AuditQuery query) => AsksOutsideScope(query, includeRecordsAboutViewer: true);

    /// <summary>
    /// Whether <paramref name="query"/> asks for records outside what this viewer may see: an actor other than the
    /// viewer in <see cref="AuditQuery.ActorIds"/> when the viewer is not an admin and sees only their own actions
    /// (with <paramref name="includeRecordsAboutViewer"/>, other actors' records about the viewer are in scope, so
    /// naming another actor is not), or a tenant other than <see cref="TenantId"/> when the viewer has one.
    /// <see cref="IAuditReader"/> still answers such a query within the viewer's scope, because a filter never widens
    /// it; this tells code that records the read to record it as an attempt to reach other people's entries (the HTTP
    /// API records <c>auth.authorization_failed</c>). The answer depends only on the viewer and the query, never on
    /// what is stored.
    /// </summary>
    /// <param name="query">The query the viewer asks.</param>
    /// <param name="includeRecordsAboutViewer">The reader's <see cref="AuditTrailOptions.IncludeRecordsAboutViewer"/>.</param>
    /// <returns><see langword="true"/> when the query names an actor or tenant outside the viewer's scope.</returns>
    /// <exception cref="ArgumentException">The query holds an invalid value; the message names it, as the reader's would.</exception>
    public bool AsksOutsideScope(AuditQuery query, bool includeRecordsAboutViewer) =>
        AuditScope.For(this, includeRecordsAboutViewer).IsExceededBy(AuditQueryTranslator.ToFilter(query, AuditSourceIpPseudonymizer.None));
}
