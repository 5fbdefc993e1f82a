using System.Text.Json;

namespace AuditTrail;

/// <summary>
/// One line of a segment: <c>{"sequence", "hash", "tombstone"?, "contentDigest"?, "sourceIpAsHashed"?, "record"}</c>, the record in
/// <see cref="AuditJson"/>'s shape. The link is recomputed from the record with the chain's own canonical encoding
/// (<see cref="AuditChain.ComputeHash(ReadOnlySpan{byte}, long, AuditRecord)"/>); the source IP as hashed, which
/// the record's JSON leaves out, travels beside it so that a migrated row's link still recomputes; a tombstone's content
/// digest, so that an erasure's digest over it can be recomputed.
/// </summary>
internal static class AuditArchiveLines
{
    public static void Write(Utf8JsonWriter writer, AuditChainEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteNumber("sequence", entry.Sequence);
        writer.WriteString("hash", Convert.ToHexStringLower(entry.Hash));
        if (entry.Tombstone is { } tombstone)
        {
            writer.WriteString("tombstone", tombstone);
        }

        if (entry.ContentDigest is { } contentDigest)
        {
            writer.WriteString("contentDigest", Convert.ToHexStringLower(contentDigest));
        }

        if (entry.Record.SourceIpAsHashed is { } asHashed)
        {
            writer.WriteString("sourceIpAsHashed", asHashed);
        }

        writer.WritePropertyName("record");
        AuditJson.WriteRecord(writer, entry.Record);
        writer.WriteEndObject();
    }

    /// <exception cref="InvalidDataException">The line is not a segment line.</exception>
    public static AuditChainEntry Read(ReadOnlySpan<byte> line)
    {
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            var record = AuditJson.DeserializeRecord(System.Text.Encoding.UTF8.GetBytes(root.GetProperty("record").GetRawText()));
            if (root.TryGetProperty("sourceIpAsHashed", out var asHashed))
            {
                record = record with { SourceIpAsHashed = asHashed.GetString() };
            }

            var hash = Convert.FromHexString(root.GetProperty("hash").GetString() ?? string.Empty);
            if (hash.Length != AuditChain.HashLength)
            {
                throw new InvalidDataException($"A segment line's hash has {hash.Length} bytes instead of {AuditChain.HashLength}.");
            }

            return new AuditChainEntry(root.GetProperty("sequence").GetInt64(), hash, record)
            {
                Tombstone = root.TryGetProperty("tombstone", out var tombstone) ? tombstone.GetString() : null,
                ContentDigest = root.TryGetProperty("contentDigest", out var contentDigest) ? Convert.FromHexString(contentDigest.GetString() ?? string.Empty) : null,
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"A segment line is not an archived record: {ex.Message}", ex);
        }
    }
}
