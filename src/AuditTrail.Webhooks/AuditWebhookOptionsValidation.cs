using System.Net;

namespace AuditTrail.Webhooks;

/// <summary>The checks of <see cref="AuditWebhookOptions"/>, each problem named by its option.</summary>
internal static class AuditWebhookOptionsValidation
{
    public const int MinKeyLength = 32;

    private const int MinBodyBytes = 1024;

    private const int MaxBodyBytes = 100 * 1024 * 1024;

    /// <summary>Throws <see cref="ArgumentException"/> for <paramref name="paramName"/>, naming every problem by option, unless the options are valid.</summary>
    public static void ThrowIfInvalid(AuditWebhookOptions options, string paramName)
    {
        var errors = Collect(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), paramName);
        }
    }

    public static List<string> Collect(AuditWebhookOptions options)
    {
        var errors = new List<string>();
        if (options.Url is not { IsAbsoluteUri: true } url)
        {
            errors.Add("AuditWebhookOptions.Url is not set or not absolute; give the receiver's https URL.");
        }
        else
        {
            if (!string.IsNullOrEmpty(url.UserInfo))
            {
                // The user info itself is never repeated: messages end up in logs.
                errors.Add(
                    $"AuditWebhookOptions.Url {Describe(url)} carries a user name or password (not shown); remove them from the URL, " +
                    $"where they would end up in logs. The receiver authenticates each batch by its {AuditWebhookSignature.HeaderName} header, " +
                    "signed with the secret in AuditWebhookOptions.SigningKey.");
            }

            if (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && IsLoopback(url)))
            {
                errors.Add($"AuditWebhookOptions.Url is {Describe(url)}; it must be https (http only to a loopback address).");
            }
        }

        if (options.SigningKey is not { Length: >= MinKeyLength })
        {
            errors.Add($"AuditWebhookOptions.SigningKey has {options.SigningKey?.Length ?? 0} bytes; it must have at least {MinKeyLength} (RandomNumberGenerator.GetBytes(32)).");
        }

        if (!Enum.IsDefined(options.Payload))
        {
            errors.Add($"AuditWebhookOptions.Payload is {(int)options.Payload}; it must be one of {string.Join(", ", Enum.GetNames<AuditWebhookPayload>())}.");
        }

        if (options.MaxRedirects is < 0 or > 10)
        {
            errors.Add($"AuditWebhookOptions.MaxRedirects is {options.MaxRedirects}; it must be between 0 and 10.");
        }

        if (options.MaxBodyBytes is < MinBodyBytes or > MaxBodyBytes)
        {
            errors.Add($"AuditWebhookOptions.MaxBodyBytes is {options.MaxBodyBytes}; it must be between {MinBodyBytes} (1 KiB) and {MaxBodyBytes} (100 MiB).");
        }

        return errors;
    }

    /// <summary>The URL as messages show it: scheme, host, port and path, never the user info (a password) or the query (a token).</summary>
    public static string Describe(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
