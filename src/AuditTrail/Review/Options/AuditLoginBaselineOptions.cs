namespace AuditTrail;

/// <summary>
/// The per-user baseline the login detectors compare a successful login with: the user's own successful logins of the
/// last <see cref="Period"/>, read from the trail. A user with fewer than <see cref="MinLogins"/> of them has no
/// baseline, and gets no finding.
/// </summary>
public sealed class AuditLoginBaselineOptions
{
    /// <summary>How far back the baseline reaches; 1 to 365 days. Default: 30 days.</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many successful logins in <see cref="Period"/> make a baseline; at least 1. Default: 5.</summary>
    public int MinLogins { get; set; } = 5;

    /// <summary>
    /// How many hours either side of a baseline login's local hour still count as usual; 0 to 11. Default: 1 (a user
    /// who logs in at 09:xx may also log in at 08:xx and 10:xx).
    /// </summary>
    public int HourMargin { get; set; } = 1;

    /// <summary>
    /// The time zone (IANA or Windows id) whose local hours the login-time baseline compares, so that a user who
    /// logs in at 09:00 local time every day stays usual across daylight saving changes. Default: <c>UTC</c>.
    /// </summary>
    public string TimeZoneId { get; set; } = "UTC";

    /// <summary>The prefix length that makes an IPv4 "network" for the new-network detector; 8 to 32. Default: 24.</summary>
    public int IPv4PrefixLength { get; set; } = 24;

    /// <summary>The prefix length that makes an IPv6 "network" for the new-network detector; 16 to 128. Default: 48.</summary>
    public int IPv6PrefixLength { get; set; } = 48;
}
