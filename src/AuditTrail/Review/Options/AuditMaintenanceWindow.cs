namespace AuditTrail;

/// <summary>A weekly recurring maintenance window: every <paramref name="Day"/> from <paramref name="Start"/> local time, for <paramref name="Duration"/>.</summary>
/// <param name="Day">The day of the week the window opens.</param>
/// <param name="Start">The local time it opens.</param>
/// <param name="Duration">How long it stays open; more than zero, at most 7 days.</param>
/// <param name="TimeZoneId">The time zone (IANA or Windows id) of <paramref name="Start"/>; daylight saving applies.</param>
public sealed record AuditMaintenanceWindow(DayOfWeek Day, TimeOnly Start, TimeSpan Duration, string TimeZoneId = "UTC");
