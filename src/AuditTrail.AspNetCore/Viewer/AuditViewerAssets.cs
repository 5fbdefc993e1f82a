using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;

namespace AuditTrail.AspNetCore;

/// <summary>The viewer page and its script and style sheet, embedded in the assembly: no CDN, no build step.</summary>
internal static class AuditViewerAssets
{
    public const string ScriptPath = "assets/viewer.js";
    public const string StylePath = "assets/viewer.css";
    public const string ReviewScriptPath = "assets/review.js";
    public const string ChartScriptPath = "assets/chart.js";

    /// <summary>The placeholder in index.html for the path the page is served under.</summary>
    private const string BasePlaceholder = "{{base}}";

    /// <summary>
    /// Scripts and styles only from this origin (so no inline script or style can run), data only from this
    /// origin, no framing, no plugins, no form posts elsewhere.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string PageTemplate = Encoding.UTF8.GetString(Load("index.html"));

    public static Asset Script { get; } = new(Load("viewer.js"), "text/javascript; charset=utf-8");

    public static Asset Style { get; } = new(Load("viewer.css"), "text/css; charset=utf-8");

    /// <summary>The activity chart: a script of its own, loaded before the viewer's, which tells it when the filters change.</summary>
    public static Asset ChartScript { get; } = new(Load("chart.js"), "text/javascript; charset=utf-8");

    /// <summary>The Review tab: a script of its own, loaded after the viewer's.</summary>
    public static Asset ReviewScript { get; } = new(Load("review.js"), "text/javascript; charset=utf-8");

    public static Task WritePageAsync(HttpContext httpContext)
    {
        // The group prefix may contain route values: the page's own path is what the browser resolves against.
        var basePath = string.Concat(httpContext.Request.PathBase.Value, httpContext.Request.Path.Value).TrimEnd('/');
        var page = PageTemplate.Replace(BasePlaceholder, HtmlEncoder.Default.Encode(basePath), StringComparison.Ordinal);

        var response = httpContext.Response;
        response.ContentType = "text/html; charset=utf-8";
        SetSecurityHeaders(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-cache";
        return response.WriteAsync(page, Encoding.UTF8, httpContext.RequestAborted);
    }

    public static Task WriteAssetAsync(HttpContext httpContext, Asset asset)
    {
        var response = httpContext.Response;
        SetSecurityHeaders(response);
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        if (httpContext.Request.Headers.IfNoneMatch.Contains(asset.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return response.Body.WriteAsync(asset.Content, httpContext.RequestAborted).AsTask();
    }

    private static void SetSecurityHeaders(HttpResponse response)
    {
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static byte[] Load(string name)
    {
        var resource = "AuditTrail.AspNetCore.Viewer." + name;
        using var stream = typeof(AuditViewerAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded viewer asset '{resource}' is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>One embedded file with its content type and a strong ETag of its bytes.</summary>
    internal sealed class Asset(byte[] content, string contentType)
    {
        public ReadOnlyMemory<byte> Content { get; } = content;

        public string ContentType { get; } = contentType;

        public string ETag { get; } = "\"" + Convert.ToHexStringLower(SHA256.HashData(content)) + "\"";
    }
}
