namespace AuditTrail.AspNetCore;

/// <summary>Parses the <c>from</c> and <c>to</c> parameters as <see cref="AuditIsoTime"/> does.</summary>
internal static class AuditApiInstant
{
    public static bool TryParse(string value, out DateTimeOffset? result, out string? problem)
    {
        // A '+' of an offset that was not percent-encoded arrives as a space; ISO 8601 has no spaces otherwise.
        if (AuditIsoTime.TryParse(value.Trim().Replace(' ', '+'), out var instant, out problem))
        {
            result = instant;
            return true;
        }

        result = null;
        problem = problem.Replace($"'{value.Trim().Replace(' ', '+')}'", $"'{value}'", StringComparison.Ordinal);
        return false;
    }
}
