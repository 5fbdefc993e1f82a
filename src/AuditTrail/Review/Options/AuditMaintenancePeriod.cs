namespace AuditTrail;

/// <summary>A one-off maintenance window: [<paramref name="From"/>, <paramref name="To"/>).</summary>
/// <param name="From">When it opens (inclusive).</param>
/// <param name="To">When it closes (exclusive); after <paramref name="From"/>.</param>
public sealed record AuditMaintenancePeriod(DateTimeOffset From, DateTimeOffset To);
