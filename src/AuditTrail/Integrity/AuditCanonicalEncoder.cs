using System.Security.Cryptography;

namespace AuditTrail;

/// <summary>
/// Builds one link's hash input (the previous hash, then <c>canonical_v1</c> or <c>canonical_v2</c>, see <c>docs/integrity.md</c>) from
/// its parts, for a store that can produce them straight from its stored form without materializing an
/// <see cref="AuditRecord"/> (the SQLite store's fast range check). Public on purpose: a store package outside the
/// core needs it, and the byte layout of each part is <see cref="AuditChain"/>'s own, so a store never re-implements
/// the encoding. The caller writes, after <see cref="Start(ReadOnlySpan{byte}, long, byte)"/>, one part per field of
/// <see cref="AuditRecordFields.Hashed"/> that the link's version covers, in that order: <see cref="WriteText(ReadOnlySpan{byte})"/> for ids (their
/// "D" text), text and enum names, <see cref="WriteNull"/> for a null, <see cref="WriteTime"/> for times, and a count
/// (<see cref="ReserveCount"/>, <see cref="SetCount"/>) followed by the texts of each change or metadata entry.
/// A hash that does not match only means "not confirmed": the verifier then recomputes from the record.
/// </summary>
/// <remarks>Not thread-safe: use one instance per thread and dispose it to return its buffer to the pool.</remarks>
public sealed class AuditCanonicalEncoder : IDisposable
{
    // One hasher reused for every link.
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private AuditChain.CanonicalWriter _writer = new(1024);

    // The last time written ("yyyy-MM-ddTHH:mm:ss.ffffffZ" and room for the runtime's seventh digit) and its minute.
    private const int SecondsAt = 17;
    private readonly byte[] _time = new byte[AuditChain.TimeLength + 1];
    private long _timeMinute = -1;

    /// <summary>Starts a <c>canonical_v1</c> link (a record without a target user): see <see cref="Start(ReadOnlySpan{byte}, long, byte)"/>.</summary>
    /// <param name="previousHash">The hash of the link before, or <see cref="AuditChain.GenesisHash"/>.</param>
    /// <param name="sequence">The link's sequence number (1 for the first).</param>
    public void Start(ReadOnlySpan<byte> previousHash, long sequence) => Start(previousHash, sequence, AuditChain.EncodingVersion);

    /// <summary>Starts a link: writes the previous hash, the version byte and the sequence number, dropping what was written before.</summary>
    /// <param name="previousHash">The hash of the link before, or <see cref="AuditChain.GenesisHash"/>.</param>
    /// <param name="sequence">The link's sequence number (1 for the first).</param>
    /// <param name="version">
    /// The encoding's version: <see cref="AuditChain.EncodingVersion"/> for a record without a target user (the stored
    /// target user id is null), <see cref="AuditChain.TargetUserEncodingVersion"/> for one with a target user. The caller
    /// then writes the fields whose <see cref="AuditRecordField.HashVersion"/> is at most this version.
    /// </param>
    public void Start(ReadOnlySpan<byte> previousHash, long sequence, byte version)
    {
        if (previousHash.Length != AuditChain.HashLength)
        {
            throw new ArgumentException($"A previous hash is {AuditChain.HashLength} bytes; this one is {previousHash.Length}.", nameof(previousHash));
        }

        _writer.Reset();
        _writer.Write(previousHash);
        _writer.Header(sequence, version);
    }

    /// <summary>Writes a text field given as its UTF-8 bytes (copied as they are, not validated).</summary>
    /// <param name="utf8">The bytes.</param>
    public void WriteText(ReadOnlySpan<byte> utf8) => _writer.Text(utf8);

    /// <summary>Writes a null text field.</summary>
    public void WriteNull() => _writer.Null();

    /// <summary>Writes a time field: UTC, <c>yyyy-MM-ddTHH:mm:ss.ffffffZ</c>.</summary>
    /// <param name="time">The time.</param>
    public void WriteTime(DateTimeOffset time)
    {
        // Times of neighbouring rows mostly share their minute: its text is kept, and only the seconds and
        // microseconds are written digit by digit (about a tenth of the cost of formatting the whole time).
        var ticks = time.UtcTicks;
        var minute = ticks / TimeSpan.TicksPerMinute;
        if (minute != _timeMinute)
        {
            AuditChain.FormatTimeUtf8(time, _time);
            _timeMinute = minute;
        }
        else
        {
            var inMinute = ticks - (minute * TimeSpan.TicksPerMinute);
            var seconds = (int)(inMinute / TimeSpan.TicksPerSecond);
            var microseconds = (int)(inMinute % TimeSpan.TicksPerSecond / 10);
            _time[SecondsAt] = (byte)('0' + (seconds / 10));
            _time[SecondsAt + 1] = (byte)('0' + (seconds % 10));
            for (var i = SecondsAt + 8; i > SecondsAt + 2; i--)
            {
                _time[i] = (byte)('0' + (microseconds % 10));
                microseconds /= 10;
            }
        }

        _writer.Text(_time.AsSpan(0, AuditChain.TimeLength));
    }

    /// <summary>Leaves room for a count (of changes or metadata entries) whose value is known only later.</summary>
    /// <returns>Where the count goes, for <see cref="SetCount"/>.</returns>
    public int ReserveCount() => _writer.ReserveCount();

    /// <summary>Fills in a count reserved by <see cref="ReserveCount"/>.</summary>
    /// <param name="position">What <see cref="ReserveCount"/> returned for this link.</param>
    /// <param name="count">The count.</param>
    public void SetCount(int position, int count) => _writer.SetCount(position, count);

    /// <summary>Computes SHA-256 over what was written since <see cref="Start(ReadOnlySpan{byte}, long, byte)"/>.</summary>
    /// <param name="destination">Where the 32-byte hash goes.</param>
    public void ComputeHash(Span<byte> destination)
    {
        if (destination.Length < AuditChain.HashLength)
        {
            throw new ArgumentException($"The destination must hold {AuditChain.HashLength} bytes; it holds {destination.Length}.", nameof(destination));
        }

        AuditChain.Hash(_sha256, _writer.Written, destination);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sha256.Dispose();
        _writer.Dispose();
    }
}
