using System.Text.Json;

namespace AuditTrail.Cli.Archive;

/// <summary>
/// The archive format a segment's manifest names. <c>import --force</c> imports a segment that does not verify, but never
/// one of another format: its lines may not mean what this version reads them as.
/// </summary>
internal static class ManifestFormat
{
    /// <summary>The manifest's <c>formatVersion</c> when it is not the one this version reads; <see langword="null"/> otherwise, or when the manifest cannot be read (then altered, which <c>--force</c> may import).</summary>
    public static async Task<int?> OtherVersionAsync(string manifestPath, CancellationToken cancellationToken)
    {
        try
        {
            var stream = File.OpenRead(manifestPath);
            await using (stream.ConfigureAwait(false))
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("formatVersion", out var version)
                    && version.TryGetInt32(out var number)
                    && number != AuditArchiveManifest.CurrentFormatVersion
                        ? number
                        : null;
            }
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
