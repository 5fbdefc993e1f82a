using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AuditTrail.AspNetCore;

/// <summary>
/// The viewer page and its style sheet and ES modules, embedded in the assembly: no CDN, no build step. The page is
/// a layout (the built-in <c>index.html</c> or <see cref="AuditTrailAspNetCoreOptions.ViewerLayout"/>) with the
/// viewer's head (<c>head.html</c>) and markup (<c>viewer.html</c>) put in its placeholders.
/// </summary>
internal static class AuditViewerAssets
{
    /// <summary>The route of the files, under the viewer's prefix: <c>assets/viewer.js</c>, <c>assets/strings.js</c>, …</summary>
    public const string AssetRoute = "assets/{" + AssetParameter + "}";

    public const string AssetParameter = "file";

    /// <summary>The placeholder in the viewer's markup for the path the page is served under.</summary>
    private const string BasePlaceholder = "{{base}}";

    /// <summary>The placeholder of a layout for the viewer's style sheet and scripts.</summary>
    public const string HeadPlaceholder = "{{audit-head}}";

    /// <summary>The placeholder of a layout for the viewer itself.</summary>
    public const string ViewerPlaceholder = "{{audit-viewer}}";

    /// <summary>
    /// Scripts and styles only from this origin (so no inline script or style can run), data only from this
    /// origin, no framing, no plugins, no form posts elsewhere.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string DefaultLayout = Text("index.html");

    private static readonly string HeadTemplate = Text("head.html").Trim();

    private static readonly string ViewerTemplate = Text("viewer.html").Trim();

    /// <summary>Every script and style sheet of the viewer by file name; the page and its fragments are not served alone.</summary>
    public static FrozenDictionary<string, Asset> Files { get; } = typeof(AuditViewerAssets).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
            && (name.EndsWith(".js", StringComparison.Ordinal) || name.EndsWith(".css", StringComparison.Ordinal)))
        .ToFrozenDictionary(
            name => name[ResourcePrefix.Length..],
            name => new Asset(Load(name[ResourcePrefix.Length..]), name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"),
            StringComparer.Ordinal);

    private static string ResourcePrefix => "AuditTrail.AspNetCore.Viewer.";

    public static Task WritePageAsync(HttpContext httpContext)
    {
        // The group prefix may contain route values: the page's own path is what the browser resolves against.
        var basePath = HtmlEncoder.Default.Encode(string.Concat(httpContext.Request.PathBase.Value, httpContext.Request.Path.Value).TrimEnd('/'));
        var layout = httpContext.RequestServices.GetService<IOptions<AuditTrailAspNetCoreOptions>>()?.Value.ViewerLayout ?? DefaultLayout;
        var page = layout
            .Replace(HeadPlaceholder, HeadTemplate.Replace(BasePlaceholder, basePath, StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace(ViewerPlaceholder, ViewerTemplate.Replace(BasePlaceholder, basePath, StringComparison.Ordinal), StringComparison.Ordinal);

        var response = httpContext.Response;
        response.ContentType = "text/html; charset=utf-8";
        SetSecurityHeaders(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-cache";
        return response.WriteAsync(page, Encoding.UTF8, httpContext.RequestAborted);
    }

    /// <summary>Serves <c>assets/{file}</c>: one of <see cref="Files"/>, else 404.</summary>
    public static Task WriteAssetAsync(HttpContext httpContext)
    {
        var name = httpContext.Request.RouteValues[AssetParameter] as string;
        if (name is null || !Files.TryGetValue(name, out var asset))
        {
            httpContext.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        return WriteAssetAsync(httpContext, asset);
    }

    public static Task WriteAssetAsync(HttpContext httpContext, Asset asset)
    {
        var response = httpContext.Response;
        SetSecurityHeaders(response);
        response.Headers.CacheControl = "no-cache";
        response.Headers.ETag = asset.ETag;
        if (Matches(httpContext.Request, asset))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return response.Body.WriteAsync(asset.Content, httpContext.RequestAborted).AsTask();
    }

    /// <summary>
    /// Whether If-None-Match names the asset's tag: compared weakly (RFC 9110, 13.1.2), so that a tag a proxy made weak
    /// still matches, read as a list, and <c>*</c> matching any asset. A header that does not parse matches nothing.
    /// </summary>
    private static bool Matches(HttpRequest request, Asset asset)
    {
        if (!EntityTagHeaderValue.TryParseList(request.Headers.IfNoneMatch, out var tags))
        {
            return false;
        }

        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(asset.Tag, useStrongComparison: false));
    }

    private static void SetSecurityHeaders(HttpResponse response)
    {
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static string Text(string name) => Encoding.UTF8.GetString(Load(name));

    private static byte[] Load(string name)
    {
        var resource = ResourcePrefix + name;
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

        public string ETag => Tag.Tag.Value!;

        public EntityTagHeaderValue Tag { get; } = new("\"" + Convert.ToHexStringLower(SHA256.HashData(content)) + "\"");
    }
}
