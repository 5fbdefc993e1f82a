using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace AuditTrail;

/// <summary>Seals chain entries into one segment: gzip JSON Lines, its SHA-256 and its (signed) manifest, handed to the sink.</summary>
internal sealed class AuditArchiveSegmentWriter(IAuditArchiveSink sink, AuditCheckpointSigner? signer, TimeProvider timeProvider)
{
    public async Task<AuditArchiveManifest> WriteAsync(string table, byte[] previousHash, IReadOnlyList<AuditChainEntry> entries, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        using (var gzip = new GZipStream(content, CompressionLevel.Optimal, leaveOpen: true))
        {
            using var writer = new Utf8JsonWriter(gzip, AuditJson.WriterOptions);
            foreach (var entry in entries)
            {
                AuditArchiveLines.Write(writer, entry);
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                writer.Reset();
                gzip.WriteByte((byte)'\n');
            }
        }

        var created = timeProvider.GetUtcNow();
        var manifest = new AuditArchiveManifest
        {
            FormatVersion = AuditArchiveManifest.CurrentFormatVersion,
            Segment = AuditArchiveManifest.SegmentNameOf(table, entries[0].Sequence, entries[^1].Sequence),
            Table = table,
            FirstSequence = entries[0].Sequence,
            LastSequence = entries[^1].Sequence,
            PreviousHash = Convert.ToHexStringLower(previousHash),
            LastHash = Convert.ToHexStringLower(entries[^1].Hash),
            RecordCount = entries.Count,
            TombstoneCount = entries.Count(e => e.Tombstone is not null),
            OldestOccurredAt = entries.Min(e => e.Record.OccurredAt),
            NewestOccurredAt = entries.Max(e => e.Record.OccurredAt),
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length))),
            CreatedAt = new DateTimeOffset(created.UtcTicks - (created.UtcTicks % 10), TimeSpan.Zero),
        };
        if (signer is not null)
        {
            manifest = signer.Sign(manifest);
        }

        content.Position = 0;
        await sink.WriteAsync(manifest, content, cancellationToken).ConfigureAwait(false);
        return manifest;
    }
}
