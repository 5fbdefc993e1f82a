using System.Globalization;

namespace AuditTrail;

/// <summary>The small pieces of text the findings' summaries share.</summary>
internal static class AuditReviewText
{
    /// <summary>"in 4 minutes", "in 40 seconds", "in 3 hours".</summary>
    public static string Span(DateTimeOffset start, DateTimeOffset end)
    {
        var span = end - start;
        return span switch
        {
            { TotalSeconds: < 1 } => "within a second",
            { TotalMinutes: < 1 } => Plural((int)span.TotalSeconds, "second"),
            { TotalHours: < 2 } => Plural(Math.Max(1, (int)Math.Round(span.TotalMinutes)), "minute"),
            { TotalDays: < 2 } => Plural((int)Math.Round(span.TotalHours), "hour"),
            _ => Plural((int)Math.Round(span.TotalDays), "day"),
        };

        static string Plural(int n, string unit) => string.Create(CultureInfo.InvariantCulture, $"in {n} {unit}{(n == 1 ? string.Empty : "s")}");
    }

    /// <summary>A count with its noun: "1 failed login", "12 failed logins".</summary>
    public static string Count(int n, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? singular : plural ?? singular + "s")}");

    /// <summary>An instant as "2026-11-20 14:34 UTC".</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>How a summary names an actor: the display name, else the id.</summary>
    public static string Name(AuditActor actor) => string.IsNullOrWhiteSpace(actor.DisplayName) ? actor.Id : actor.DisplayName;

    /// <summary>How a summary names a period: "30 days".</summary>
    public static string Days(TimeSpan period) => Count((int)Math.Round(period.TotalDays), "day");
}
