namespace AuditTrail;

/// <summary>The result of <see cref="IAuditReview.ReviewAsync"/>.</summary>
/// <param name="From">The start of the reviewed period (inclusive).</param>
/// <param name="To">The end of the reviewed period (exclusive).</param>
/// <param name="Findings">The findings, most severe first, then by start time.</param>
public sealed record AuditReviewReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AuditFinding> Findings);
