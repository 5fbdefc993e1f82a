namespace AuditTrail;

/// <summary>The family of a user agent (Edge, Chrome, Firefox, Safari, curl, ...): what the new-client detector compares.</summary>
internal static class AuditUserAgentFamily
{
    // Order matters: Edge and Opera announce Chrome too, Chrome announces Safari.
    private static readonly (string Token, string Family)[] Families =
    [
        ("Edg/", "Edge"), ("Edge/", "Edge"), ("OPR/", "Opera"), ("Opera", "Opera"), ("SamsungBrowser", "Samsung Internet"),
        ("Firefox/", "Firefox"), ("FxiOS", "Firefox"), ("CriOS", "Chrome"), ("Chrome/", "Chrome"), ("Chromium/", "Chrome"),
        ("Safari/", "Safari"), ("curl/", "curl"), ("Wget/", "Wget"), ("python-requests", "python-requests"),
        ("Python-urllib", "Python"), ("PostmanRuntime", "Postman"), ("okhttp", "OkHttp"), ("Go-http-client", "Go"),
        ("Java/", "Java"), ("PowerShell", "PowerShell"), ("axios", "axios"), ("node-fetch", "Node.js"),
    ];

    /// <summary>The family, the product token before the first '/' for an unknown agent, or <see langword="null"/> without one.</summary>
    public static string? Of(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }

        foreach (var (token, family) in Families)
        {
            if (userAgent.Contains(token, StringComparison.OrdinalIgnoreCase))
            {
                return family;
            }
        }

        var end = userAgent.IndexOfAny(['/', ' ', '(']);
        return (end > 0 ? userAgent[..end] : userAgent).Trim();
    }
}
