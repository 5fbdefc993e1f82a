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
/// is a new version byte (<see cref="EncodingVersion"/>, <see cref="TargetUserEncodingVersion"/>), never an edit of one.
/// </summary>
public static class AuditChain
{
    /// <summary>The version of <c>canonical_v1</c>, the encoding of a record without a target user: 1.</summary>
    public const byte EncodingVersion = 1;

    /// <summary>
    /// The version of <c>canonical_v2</c>, the encoding of a record with a target user: 2. It is <c>canonical_v1</c>
    /// under its own version byte, followed by the fields of <see cref="AuditRecordField.HashVersion"/> 2.
    /// </summary>
    public const byte TargetUserEncodingVersion = 2;

    /// <summary>The length of a hash: 32 bytes (SHA-256).</summary>
    public const int HashLength = 32;

    /// <summary>
    /// Where the sequence number sits in a record's canonical bytes (<see cref="Canonicalize"/>): the 8 bytes from this
    /// offset, big-endian, after the version byte. Nothing else in the encoding depends on the sequence number.
    /// </summary>
    public const int CanonicalSequenceOffset = 1;

    private const uint NullLength = uint.MaxValue;

    // One hasher per thread, reused: the writer and each verifier worker hash link after link on theirs
    // (a reused IncrementalHash costs less per call than SHA256.HashData, docs/performance.md).
    [ThreadStatic]
    private static IncrementalHash? t_hasher;

    /// <summary>The "previous hash" of the first record: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> GenesisHash => new byte[HashLength];

    /// <summary>
    /// The version of the encoding of <paramref name="record"/>, decided by its content so that a verifier knows it
    /// from the row: <see cref="TargetUserEncodingVersion"/> when it has a target user, else <see cref="EncodingVersion"/>
    /// (so every record written before target users existed still encodes, and verifies, as it did).
    /// </summary>
    /// <param name="record">The record.</param>
    /// <returns>The version byte.</returns>
    public static byte EncodingVersionOf(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.TargetUser is null ? EncodingVersion : TargetUserEncodingVersion;
    }

    /// <summary>Computes the hash of the record at <paramref name="sequence"/> that follows <paramref name="previousHash"/>.</summary>
    /// <param name="previousHash">The hash of the record before it, or <see cref="GenesisHash"/>.</param>
    /// <param name="sequence">The record's sequence number (1 for the first record).</param>
    /// <param name="record">The record as stored.</param>
    /// <returns>The 32-byte hash.</returns>
    public static byte[] ComputeHash(ReadOnlySpan<byte> previousHash, long sequence, AuditRecord record)
    {
        var hash = new byte[HashLength];
        ComputeHash(previousHash, sequence, record, hash);
        return hash;
    }

    /// <summary>Computes the hash of the record at <paramref name="sequence"/> into <paramref name="destination"/>, allocating nothing on the usual path.</summary>
    /// <param name="previousHash">The hash of the record before it, or <see cref="GenesisHash"/>.</param>
    /// <param name="sequence">The record's sequence number (1 for the first record).</param>
    /// <param name="record">The record as stored.</param>
    /// <param name="destination">Where the 32-byte hash goes.</param>
    public static void ComputeHash(ReadOnlySpan<byte> previousHash, long sequence, AuditRecord record, Span<byte> destination)
    {
        if (previousHash.Length != HashLength)
        {
            throw new ArgumentException($"A previous hash is {HashLength} bytes; this one is {previousHash.Length}.", nameof(previousHash));
        }

        if (destination.Length < HashLength)
        {
            throw new ArgumentException($"The destination must hold {HashLength} bytes; it holds {destination.Length}.", nameof(destination));
        }

        // previous hash ‖ canonical bytes, hashed in one call over one pooled buffer.
        var writer = new CanonicalWriter(1024);
        try
        {
            writer.Write(previousHash);
            writer.WriteRecord(sequence, record);
            Hash(t_hasher ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256), writer.Written, destination);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>SHA-256 of <paramref name="data"/> into the first 32 bytes of <paramref name="destination"/>, on a reused hasher.</summary>
    internal static void Hash(IncrementalHash hasher, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        hasher.AppendData(data);
        hasher.GetHashAndReset(destination);
    }

    /// <summary>The canonical bytes of a record at a sequence number, as hashed (see <c>docs/integrity.md</c>).</summary>
    /// <param name="sequence">The sequence number.</param>
    /// <param name="record">The record as stored.</param>
    /// <returns>The bytes.</returns>
    public static byte[] Canonicalize(long sequence, AuditRecord record)
    {
        var writer = new CanonicalWriter(1024);
        try
        {
            writer.WriteRecord(sequence, record);
            return writer.Written.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Formats a time as the encoding does: <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>, in UTC.</summary>
    /// <param name="time">The time.</param>
    /// <returns>The text.</returns>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>The length of a canonical time: 27 ASCII characters.</summary>
    internal const int TimeLength = 27;

    /// <summary>
    /// Writes <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c> as ASCII: the round-trip format of a UTC DateTime (seven
    /// fractional digits, four-digit year, fast in the runtime) without its seventh digit.
    /// </summary>
    /// <param name="time">The time.</param>
    /// <param name="destination">At least 28 bytes; the first 27 receive the text.</param>
    internal static void FormatTimeUtf8(DateTimeOffset time, Span<byte> destination)
    {
        if (!time.UtcDateTime.TryFormat(destination, out var written, "O", CultureInfo.InvariantCulture) || written != TimeLength + 1)
        {
            throw new InvalidOperationException("A time did not fit its canonical format.");
        }

        destination[TimeLength - 1] = (byte)'Z';
    }

    /// <summary>
    /// Writes the canonical encoding into a buffer rented from the shared pool (grown on demand), so hashing a row
    /// allocates nothing but what an undefined enum value's name or an unsorted metadata map needs. The one place
    /// that knows the byte layout: <see cref="AuditCanonicalEncoder"/> exposes its primitives to stores.
    /// </summary>
    internal struct CanonicalWriter(int capacity) : IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        private int _length;

        public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

        public void Reset() => _length = 0;

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(Reserve(bytes.Length));
            _length += bytes.Length;
        }

        /// <summary>The version byte and the sequence number: what every link starts with after the previous hash.</summary>
        public void Header(long sequence, byte version)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
            if (version is not (EncodingVersion or TargetUserEncodingVersion))
            {
                throw new ArgumentOutOfRangeException(nameof(version), version, $"The canonical encoding has the versions {EncodingVersion} and {TargetUserEncodingVersion}.");
            }

            Reserve(1)[0] = version;
            _length++;
            BinaryPrimitives.WriteInt64BigEndian(Reserve(8), sequence);
            _length += 8;
        }

        /// <summary>The header, then every field of <see cref="AuditRecordFields.Hashed"/> that the record's version covers, in order.</summary>
        public void WriteRecord(long sequence, AuditRecord record)
        {
            var version = EncodingVersionOf(record);
            Header(sequence, version);
            foreach (var field in AuditRecordFields.Hashed)
            {
                if (field.HashVersion > version)
                {
                    continue;
                }

                switch (field.Kind)
                {
                    case AuditRecordFieldKind.Id:
                        Id(field.GetId(record));
                        break;
                    case AuditRecordFieldKind.Time:
                        Time(field.GetTime(record));
                        break;
                    case AuditRecordFieldKind.Changes:
                        Changes(record.Changes);
                        break;
                    case AuditRecordFieldKind.Metadata:
                        Metadata(record.Metadata);
                        break;
                    default:
                        Text(field.GetHashedText(record));
                        break;
                }
            }
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        /// <summary>Leaves room for a count written later by <see cref="SetCount"/>; returns where it goes.</summary>
        public int ReserveCount()
        {
            Reserve(4);
            var position = _length;
            _length += 4;
            return position;
        }

        public readonly void SetCount(int position, int count) =>
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(position, 4), (uint)count);

        public void Time(DateTimeOffset time)
        {
            var span = Reserve(4 + TimeLength + 1);
            FormatTimeUtf8(time, span[4..]);
            BinaryPrimitives.WriteUInt32BigEndian(span, TimeLength);
            _length += 4 + TimeLength;
        }

        /// <summary>A length-prefixed UTF-8 string; null has the length 0xFFFFFFFF, so null and "" differ.</summary>
        public void Text(string? value)
        {
            if (value is null)
            {
                Null();
                return;
            }

            // Ill-formed UTF-16 becomes U+FFFD, as Encoding.UTF8 always did here: the encoding is unchanged.
            // Short strings reserve the worst case (3 bytes per char) to encode in one pass; long ones count first.
            var span = Reserve(4 + (value.Length <= 512 ? Encoding.UTF8.GetMaxByteCount(value.Length) : Encoding.UTF8.GetByteCount(value)));
            var length = Encoding.UTF8.GetBytes(value, span[4..]);
            BinaryPrimitives.WriteUInt32BigEndian(span, (uint)length);
            _length += 4 + length;
        }

        /// <summary>A length-prefixed string given as its UTF-8 bytes, copied as they are.</summary>
        public void Text(ReadOnlySpan<byte> utf8)
        {
            var span = Reserve(4 + utf8.Length);
            BinaryPrimitives.WriteUInt32BigEndian(span, (uint)utf8.Length);
            utf8.CopyTo(span[4..]);
            _length += 4 + utf8.Length;
        }

        public void Null()
        {
            BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), NullLength);
            _length += 4;
        }

        private void Changes(IReadOnlyList<AuditFieldChange> changes)
        {
            Count(changes.Count);
            foreach (var change in changes)
            {
                Text(change.Field);
                Text(change.OldValue);
                Text(change.NewValue);
            }
        }

        private void Metadata(IReadOnlyDictionary<string, string> metadata)
        {
            Count(metadata.Count);
            if (metadata.Count == 0)
            {
                return;
            }

            // Ordinal key order; a map that already iterates in that order (the store's) is not sorted again.
            string? last = null;
            var ordered = true;
            foreach (var key in metadata.Keys)
            {
                if (last is not null && string.CompareOrdinal(last, key) >= 0)
                {
                    ordered = false;
                    break;
                }

                last = key;
            }

            foreach (var (key, value) in ordered ? (IEnumerable<KeyValuePair<string, string>>)metadata : metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                Text(key);
                Text(value);
            }
        }

        private void Count(int count)
        {
            BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), (uint)count);
            _length += 4;
        }

        private void Id(Guid id)
        {
            // "D": 36 ASCII characters.
            var span = Reserve(4 + 36);
            BinaryPrimitives.WriteUInt32BigEndian(span, 36);
            if (!id.TryFormat(span[4..], out var written, "D") || written != 36)
            {
                throw new InvalidOperationException("A GUID did not format as 36 characters.");
            }

            _length += 4 + 36;
        }

        private Span<byte> Reserve(int size)
        {
            if (_buffer.Length - _length < size)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + size));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            return _buffer.AsSpan(_length, size);
        }
    }
}
