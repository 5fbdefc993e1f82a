using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace AuditTrail.Spool;

/// <summary>
/// One spooled event per line: <c>v1 {length} {checksum} {json}\n</c>, where <c>length</c> is the byte count of the
/// UTF-8 JSON in decimal and <c>checksum</c> the first 8 bytes of its SHA-256 in lowercase hex. A line that a
/// crash cut short (no newline, wrong length, wrong checksum) never decodes into an event. The JSON is the record's
/// public shape, written and read by <see cref="AuditJson.SerializeRecord"/> and <see cref="AuditJson.DeserializeRecord"/>;
/// JSON with a member this version does not know is not a record it can replay whole, so it does not decode either.
/// </summary>
internal static class SpoolLineCodec
{
    public const byte NewLine = (byte)'\n';

    private const string Version = "v1";
    private const int ChecksumBytes = 8;

    /// <summary>
    /// The record's metadata under options that refuse a member this version does not know (a line a newer version wrote),
    /// which the ordinary reading would drop without a word, replaying an altered record.
    /// </summary>
    private static readonly JsonTypeInfo<AuditRecord> KnownMembersOnly = (JsonTypeInfo<AuditRecord>)new JsonSerializerOptions(AuditJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    }.GetTypeInfo(typeof(AuditRecord));

    public static byte[] Encode(AuditRecord record)
    {
        var json = AuditJson.SerializeRecord(record);
        var header = string.Create(CultureInfo.InvariantCulture, $"{Version} {json.Length} {Checksum(json)} ");
        var line = new byte[Encoding.ASCII.GetByteCount(header) + json.Length + 1];
        var written = Encoding.ASCII.GetBytes(header, line);
        json.CopyTo(line, written);
        line[^1] = NewLine;
        return line;
    }

    /// <summary>Decodes a line without its newline; returns the problem when it is not a whole, intact line.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> line, out AuditRecord? record, out string? problem)
    {
        record = null;
        if (!TrySplit(line, out var length, out var checksum, out var json, out problem))
        {
            return false;
        }

        if (json.Length != length)
        {
            problem = $"its JSON is {json.Length} bytes long, not the {length} its header says";
            return false;
        }

        if (!checksum.SequenceEqual(Encoding.ASCII.GetBytes(Checksum(json))))
        {
            problem = "its checksum does not match its content";
            return false;
        }

        try
        {
            _ = JsonSerializer.Deserialize(json, KnownMembersOnly);
            record = AuditJson.DeserializeRecord(json);
            return true;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            // Whatever the reason, a line that reads as no record is damage: replaying it would fail every time and hold
            // back every event behind it.
            problem = "its JSON is not an audit record: " + ex.Message;
            return false;
        }
    }

    private static bool TrySplit(ReadOnlySpan<byte> line, out int length, out ReadOnlySpan<byte> checksum, out ReadOnlySpan<byte> json, out string? problem)
    {
        length = 0;
        checksum = default;
        json = default;
        problem = "it does not start with the spool line header";
        if (!line.StartsWith("v1 "u8))
        {
            return false;
        }

        var rest = line[3..];
        var space = rest.IndexOf((byte)' ');
        if (space <= 0 || !Utf8Parser.TryParse(rest[..space], out length, out var consumed) || consumed != space || length < 0)
        {
            return false;
        }

        rest = rest[(space + 1)..];
        if (rest.Length < (ChecksumBytes * 2) + 1 || rest[ChecksumBytes * 2] != (byte)' ')
        {
            return false;
        }

        checksum = rest[..(ChecksumBytes * 2)];
        json = rest[((ChecksumBytes * 2) + 1)..];
        problem = null;
        return true;
    }

    private static string Checksum(ReadOnlySpan<byte> json) =>
        Convert.ToHexStringLower(SHA256.HashData(json).AsSpan(0, ChecksumBytes));
}
