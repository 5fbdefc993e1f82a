using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace AuditTrail;

/// <summary>What a checkpoint vouches for.</summary>
public enum AuditCheckpointKind
{
    /// <summary>The head of the chain at a moment: every record up to <see cref="AuditCheckpoint.Sequence"/> is as it was.</summary>
    Head = 0,

    /// <summary>A retention anchor: records up to <see cref="AuditCheckpoint.Sequence"/> were purged on purpose; the chain continues after it.</summary>
    Anchor = 1,

    /// <summary>
    /// A purge about to start: it removes records up to <see cref="AuditCheckpoint.Sequence"/> (the last record older than
    /// its cutoff when it began, whose hash is <see cref="AuditCheckpoint.Hash"/>) at most. Until the purge signs its
    /// <see cref="Anchor"/>, the verifier accepts a retention anchor that this checkpoint covers, so a verification during
    /// the purge (or after it was killed) is not a false alarm.
    /// </summary>
    PurgeIntent = 2,

    /// <summary>
    /// The retention policy in effect from <see cref="AuditCheckpoint.CreatedAt"/> until the next checkpoint of this kind:
    /// <see cref="AuditCheckpoint.Policy"/> holds its canonical text and <see cref="AuditCheckpoint.Hash"/> that text's
    /// SHA-256; <see cref="AuditCheckpoint.Sequence"/> is the head of the chain when it was signed. Retention signs it
    /// before it tombstones anything, so the verifier still expects the tombstones an earlier policy explains after a
    /// period was lengthened.
    /// </summary>
    RetentionPolicy = 3,
}

/// <summary>
/// A signed statement about the chain, kept outside the database: <c>{kind, sequence, hash, time, key id,
/// previous checkpoint's signature}</c>, signed with ECDSA P-256 / SHA-256 (IEEE P1363 signature, base64).
/// Each checkpoint names the signature of the one before it, so checkpoints form a chain of their own.
/// </summary>
public sealed record AuditCheckpoint
{
    /// <summary>What the checkpoint vouches for.</summary>
    public required AuditCheckpointKind Kind { get; init; }

    /// <summary>The sequence number it refers to.</summary>
    public required long Sequence { get; init; }

    /// <summary>The chain hash at <see cref="Sequence"/>, lowercase hex; for a <see cref="AuditCheckpointKind.RetentionPolicy"/>, the SHA-256 of <see cref="Policy"/>.</summary>
    public required string Hash { get; init; }

    /// <summary>When it was signed (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The id of the signing key; see <see cref="AuditKeyRing.KeyIdOf"/>.</summary>
    public required string KeyId { get; init; }

    /// <summary>The signature of the previous checkpoint, or <see langword="null"/> for the first one.</summary>
    public string? PreviousSignature { get; init; }

    /// <summary>
    /// The canonical text of the retention policy a <see cref="AuditCheckpointKind.RetentionPolicy"/> checkpoint vouches for,
    /// which <see cref="Hash"/> (and so the signature) covers; <see langword="null"/> for every other kind.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Policy { get; init; }

    /// <summary>The signature over <see cref="SignedPayload"/>, base64.</summary>
    public required string Signature { get; init; }

    /// <summary>The exact bytes that are signed: the fields, one per line, prefixed with a version tag.</summary>
    /// <returns>The UTF-8 bytes.</returns>
    public byte[] SignedPayload() => Payload(Kind, Sequence, Hash, CreatedAt, KeyId, PreviousSignature);

    internal static byte[] Payload(AuditCheckpointKind kind, long sequence, string hash, DateTimeOffset createdAt, string keyId, string? previousSignature) =>
        Encoding.UTF8.GetBytes(string.Join(
            '\n',
            "audittrail-checkpoint-v1",
            kind.ToString(),
            sequence.ToString(CultureInfo.InvariantCulture),
            hash,
            AuditChain.FormatTime(createdAt),
            keyId,
            previousSignature ?? "-"));
}
