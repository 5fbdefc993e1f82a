using System.Collections.Concurrent;

namespace AuditTrail.AspNetCore.Tests.Support;

/// <summary>
/// An <see cref="IAuditReview"/> that answers with fixed findings, scoped as the contract says (an admin gets findings,
/// a tenant admin only their tenant's, anyone else none), and remembers who asked for which period.
/// </summary>
internal sealed class FakeAuditReview(params AuditFinding[] findings) : IAuditReview
{
    public ConcurrentQueue<(AuditViewer Viewer, DateTimeOffset From, DateTimeOffset To)> Calls { get; } = new();

    public Task<AuditReviewReport> ReviewAsync(AuditViewer viewer, DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue((viewer, from, until));
        IReadOnlyList<AuditFinding> visible = !viewer.IsAdmin
            ? []
            : [.. findings.Where(finding => viewer.TenantId is null || finding.TenantId == viewer.TenantId)];
        return Task.FromResult(new AuditReviewReport(from, until, visible));
    }

    public static AuditFinding Finding(string id, AuditFindingSeverity severity, string summary, string? tenant = null, params Guid[] evidence) => new()
    {
        Id = id,
        Detector = AuditDetectors.BruteForce,
        Severity = severity,
        ActorId = "sarah",
        SourceIp = "203.0.113.7",
        TenantId = tenant,
        Start = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
        End = new DateTimeOffset(2026, 11, 24, 9, 4, 0, TimeSpan.Zero),
        Summary = summary,
        EvidenceIds = evidence,
    };
}
