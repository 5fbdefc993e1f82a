using System.Security.Cryptography;

namespace AuditTrail.Samples.WebApp.Rendering;

/// <summary>The console's one style sheet, embedded in the assembly: no CDN, no build step, no static-files folder to find.</summary>
internal static class StyleSheet
{
    private static readonly byte[] Content = Load();
    private static readonly string ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Content))[..16] + "\"";

    public static Task WriteAsync(HttpContext http)
    {
        var response = http.Response;
        response.Headers.ETag = ETag;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        if (http.Request.Headers.IfNoneMatch.Contains(ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = "text/css; charset=utf-8";
        response.ContentLength = Content.Length;
        return response.Body.WriteAsync(Content, http.RequestAborted).AsTask();
    }

    private static byte[] Load()
    {
        const string name = "AuditTrail.Samples.WebApp.app.css";
        using var stream = typeof(StyleSheet).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded style sheet '{name}' is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
