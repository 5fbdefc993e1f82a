using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Guards the API's state-changing routes (placing and releasing legal holds) against cross-site request forgery: a
/// browser names where a request comes from (<c>Sec-Fetch-Site</c>, <c>Origin</c>), and a request another site made is
/// refused, whatever cookie it carries. Clients that are not browsers send neither header and are not affected.
/// </summary>
internal static class AuditApiRequestOrigin
{
    /// <summary>Why the request is refused as cross-site, or <see langword="null"/> when it comes from this origin (or from no browser).</summary>
    public static string? CrossSiteReason(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return $"Sec-Fetch-Site is '{site}'";
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || IsOwnOrigin(origin, request) ? null : $"Origin '{origin}' is not this application's";
    }

    /// <summary>Whether the body is declared as JSON (<c>application/json</c>, any charset): a cross-site form cannot send that type without the browser asking first.</summary>
    public static bool IsJson(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && string.Equals(type.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase);

    private static bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && Uri.TryCreate($"{request.Scheme}://{request.Host.Value}", UriKind.Absolute, out var own)
        && string.Equals(uri.Authority, own.Authority, StringComparison.OrdinalIgnoreCase);
}
