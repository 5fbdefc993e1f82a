using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace AuditTrail;

/// <summary>Reads sealed segments back from an <see cref="IAuditArchiveSink"/>: their manifests, their SHA-256 and their records.</summary>
public sealed class AuditArchiveReader
{
    private readonly IAuditArchiveSink _sink;

    /// <summary>Creates a reader.</summary>
    /// <param name="sink">Where the segments are.</param>
    public AuditArchiveReader(IAuditArchiveSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        _sink = sink;
    }

    /// <summary>Reads a segment's manifest.</summary>
    /// <param name="name">The segment's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="InvalidDataException">The manifest is not valid JSON of a manifest, or is of a format version this version does not read.</exception>
    public async Task<AuditArchiveManifest> ReadManifestAsync(string name, CancellationToken cancellationToken = default)
    {
        var stream = await _sink.OpenManifestAsync(name, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var manifest = await JsonSerializer.DeserializeAsync(stream, AuditJsonContext.Default.AuditArchiveManifest, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"The manifest of '{name}' is empty.");
                return manifest.FormatVersion == AuditArchiveManifest.CurrentFormatVersion
                    ? manifest
                    : throw AuditArchiveFormat.Unsupported(name, manifest.FormatVersion);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"The manifest of '{name}' is not a valid archive manifest: {ex.Message}", ex);
            }
        }
    }

    /// <summary>The SHA-256 of a segment's bytes, lowercase hex, as <see cref="AuditArchiveManifest.Sha256"/> records it.</summary>
    /// <param name="name">The segment's name.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The hash.</returns>
    public async Task<string> ComputeSha256Async(string name, CancellationToken cancellationToken = default)
    {
        var stream = await _sink.OpenSegmentAsync(name, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Streams a segment's records, in the order written, with their sequence, stored hash and tombstone reason.</summary>
    /// <param name="name">The segment's name.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="InvalidDataException">The segment is not gzip JSON Lines of archived records.</exception>
    public async IAsyncEnumerable<AuditChainEntry> ReadEntriesAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var stream = await _sink.OpenSegmentAsync(name, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            using var lines = new StreamReader(gzip, System.Text.Encoding.UTF8);
            while (true)
            {
                string? line;
                try
                {
                    line = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidDataException ex)
                {
                    throw new InvalidDataException($"The segment '{name}' is not a valid gzip file: {ex.Message}", ex);
                }

                if (line is null)
                {
                    yield break;
                }

                if (line.Length > 0)
                {
                    yield return AuditArchiveLines.Read(System.Text.Encoding.UTF8.GetBytes(line));
                }
            }
        }
    }
}
