using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AuditTrail;

/// <summary>
/// The hash chain: every stored record gets a gap-free sequence number and
/// <c>hash = SHA-256(previous hash ‖ canonical(sequence, record))</c>, computed inside the write transaction.
/// The encoding is specified in <c>docs/integrity.md</c> and pinned by committed test vectors; any change to it
/// is a new <see cref="EncodingVersion"/>.
/// </summary>
public static class AuditChain
{
    /// <summary>The version of the canonical encoding: 1.</summary>
    public const byte EncodingVersion = 1;

    /// <summary>The length of a hash: 32 bytes (SHA-256).</summary>
    public const int HashLength = 32;

    private const uint NullLength = uint.MaxValue;

    /// <summary>The "previous hash" of the first record: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> GenesisHash => new byte[HashLength];

    /// <summary>Computes the hash of the record at <paramref name="sequence"/> that follows <paramref name="previousHash"/>.</summary>
    /// <param name="previousHash">The hash of the record before it, or <see cref="GenesisHash"/>.</param>
    /// <param name="sequence">The record's sequence number (1 for the first record).</param>
    /// <param name="record">The record as stored.</param>
    /// <returns>The 32-byte hash.</returns>
    public static byte[] ComputeHash(ReadOnlySpan<byte> previousHash, long sequence, AuditRecord record)
    {
        if (previousHash.Length != HashLength)
        {
            throw new ArgumentException($"A previous hash is {HashLength} bytes; this one is {previousHash.Length}.", nameof(previousHash));
        }

        var canonical = new ArrayBufferWriter<byte>(512);
        WriteCanonical(canonical, sequence, record);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousHash);
        hash.AppendData(canonical.WrittenSpan);
        return hash.GetHashAndReset();
    }

    /// <summary>The canonical bytes of a record at a sequence number, as hashed (see <c>docs/integrity.md</c>).</summary>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="record">The record as stored.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Canonicalize(long sequence, AuditRecord record)
    {
        var canonical = new ArrayBufferWriter<byte>(512);
        WriteCanonical(canonical, sequence, record);
        return canonical.WrittenSpan.ToArray();
    }

    /// <summary>Formats a time as the encoding does: <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, in UTC.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The text.</returns>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteCanonical(ArrayBufferWriter<byte> output, long sequence, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        output.Write([EncodingVersion]);
        BinaryPrimitives.WriteInt64BigEndian(output.GetSpan(8), sequence);
        output.Advance(8);
        Text(output, record.Id.ToString("D"));
        Text(output, FormatTime(record.OccurredAt));
        Text(output, FormatTime(record.RecordedAt));
        Text(output, record.Actor.Type.ToString());
        Text(output, record.Actor.Id);
        Text(output, record.Actor.DisplayName);
        Text(output, record.Action);
        Text(output, record.ActionType.ToString());
        Text(output, record.Outcome.ToString());
        Text(output, record.FailureReason);
        Text(output, record.Resource?.Type);
        Text(output, record.Resource?.Id);
        Text(output, record.Resource?.Name);
        Text(output, record.Description);
        Count(output, record.Changes.Count);
        foreach (var change in record.Changes)
        {
            Text(output, change.Field);
            Text(output, change.OldValue);
            Text(output, change.NewValue);
        }

        Text(output, record.SourceIp);
        Text(output, record.UserAgent);
        Text(output, record.CorrelationId);
        Text(output, record.TenantId);
        var metadata = record.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        Count(output, metadata.Count);
        foreach (var (key, value) in metadata)
        {
            Text(output, key);
            Text(output, value);
        }
    }

    private static void Count(ArrayBufferWriter<byte> output, int count)
    {
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), (uint)count);
        output.Advance(4);
    }

    /// <summary>A length-prefixed UTF-8 string; null has the length 0xFFFFFFFF, so null and "" differ.</summary>
    private static void Text(ArrayBufferWriter<byte> output, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), NullLength);
            output.Advance(4);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        BinaryPrimitives.WriteUInt32BigEndian(output.GetSpan(4), (uint)length);
        output.Advance(4);
        Encoding.UTF8.GetBytes(value, output.GetSpan(length));
        output.Advance(length);
    }
}
