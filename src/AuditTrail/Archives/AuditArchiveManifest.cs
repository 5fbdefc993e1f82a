using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace AuditTrail;

/// <summary>
/// What a sealed archive segment holds, written beside it and signed with the checkpoint key (ECDSA P-256 / SHA-256,
/// IEEE P1363, base64: the same key and algorithm as <see cref="AuditCheckpoint"/>). A manifest written without a key
/// is unsigned (<see cref="KeyId"/> and <see cref="Signature"/> are <see langword="null"/>), and the verifier says so.
/// </summary>
public sealed record AuditArchiveManifest
{
    /// <summary>The format version this library writes: 1.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The format version of the segment and manifest.</summary>
    public required int FormatVersion { get; init; }

    /// <summary>The name of the segment file (its sequence range is in the name, so name order is chain order).</summary>
    public required string Segment { get; init; }

    /// <summary>The audit table the records came from.</summary>
    public required string Table { get; init; }

    /// <summary>The sequence number of the first record in the segment.</summary>
    public required long FirstSequence { get; init; }

    /// <summary>The sequence number of the last record in the segment.</summary>
    public required long LastSequence { get; init; }

    /// <summary>The chain hash before the first record (the previous segment's <see cref="LastHash"/>, the retention anchor's, or 32 zero bytes), lowercase hex.</summary>
    public required string PreviousHash { get; init; }

    /// <summary>The chain hash of the last record, lowercase hex.</summary>
    public required string LastHash { get; init; }

    /// <summary>How many records (lines) the segment holds.</summary>
    public required long RecordCount { get; init; }

    /// <summary>How many of them are tombstones (content removed inside the chain by retention).</summary>
    public required long TombstoneCount { get; init; }

    /// <summary>The earliest <see cref="AuditRecord.OccurredAt"/> in the segment.</summary>
    public required DateTimeOffset OldestOccurredAt { get; init; }

    /// <summary>The latest <see cref="AuditRecord.OccurredAt"/> in the segment.</summary>
    public required DateTimeOffset NewestOccurredAt { get; init; }

    /// <summary>The SHA-256 of the segment file's bytes (the gzip file), lowercase hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>When the segment was written (UTC, microseconds).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The id of the signing key (<see cref="AuditKeyRing.KeyIdOf"/>), or <see langword="null"/> when unsigned.</summary>
    public string? KeyId { get; init; }

    /// <summary>The signature over <see cref="SignedPayload"/>, base64, or <see langword="null"/> when unsigned.</summary>
    public string? Signature { get; init; }

    /// <summary>Whether the manifest carries a signature.</summary>
    [JsonIgnore]
    public bool IsSigned => KeyId is not null && Signature is not null;

    /// <summary>The exact bytes that are signed: every field but the signature, one per line, after a version tag.</summary>
    /// <returns>The UTF-8 bytes.</returns>
    public byte[] SignedPayload() =>
        Encoding.UTF8.GetBytes(string.Join(
            '\n',
            "audittrail-archive-manifest-v1",
            FormatVersion.ToString(CultureInfo.InvariantCulture),
            Segment,
            Table,
            FirstSequence.ToString(CultureInfo.InvariantCulture),
            LastSequence.ToString(CultureInfo.InvariantCulture),
            PreviousHash,
            LastHash,
            RecordCount.ToString(CultureInfo.InvariantCulture),
            TombstoneCount.ToString(CultureInfo.InvariantCulture),
            AuditChain.FormatTime(OldestOccurredAt),
            AuditChain.FormatTime(NewestOccurredAt),
            Sha256,
            AuditChain.FormatTime(CreatedAt),
            KeyId ?? "-"));

    /// <summary>The segment file name of a sequence range: <c>{table}-{first:D19}-{last:D19}.jsonl.gz</c>.</summary>
    /// <param name="table">The table.</param>
    /// <param name="firstSequence">The first sequence number.</param>
    /// <param name="lastSequence">The last sequence number.</param>
    /// <returns>The name.</returns>
    public static string SegmentNameOf(string table, long firstSequence, long lastSequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{table}-{firstSequence:D19}-{lastSequence:D19}{SegmentExtension}");

    /// <summary>The extension of segment files: <c>.jsonl.gz</c>.</summary>
    public const string SegmentExtension = ".jsonl.gz";

    /// <summary>The extension of manifest files, after the segment's name: <c>.manifest.json</c>.</summary>
    public const string ManifestExtension = ".manifest.json";
}
