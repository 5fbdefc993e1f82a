using System.Security.Cryptography;

namespace AuditTrail;

/// <summary>Signs checkpoints with an ECDSA P-256 private key that the host owns; the store never sees it.</summary>
public sealed class AuditCheckpointSigner
{
    private readonly ECDsa _key;

    /// <summary>Creates a signer.</summary>
    /// <param name="privateKey">A P-256 private key; the caller keeps ownership.</param>
    public AuditCheckpointSigner(ECDsa privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        if (!AuditKeyRing.IsP256(privateKey))
        {
            throw new ArgumentException($"Checkpoint keys are ECDSA P-256; this key has {privateKey.KeySize} bits{(privateKey.KeySize == 256 ? " on another curve" : string.Empty)}.", nameof(privateKey));
        }

        _key = privateKey;
        KeyId = AuditKeyRing.KeyIdOf(privateKey);
    }

    /// <summary>The id of the signing key.</summary>
    public string KeyId { get; }

    /// <summary>Signs a statement about <paramref name="position"/>.</summary>
    /// <param name="kind">Head, anchor, purge intent or retention policy (whose <see cref="AuditCheckpoint.Policy"/> the caller sets; its hash covers it).</param>
    /// <param name="position">The sequence and hash vouched for.</param>
    /// <param name="createdAt">The signing time.</param>
    /// <param name="previous">The previous checkpoint, or <see langword="null"/>.</param>
    /// <returns>The signed checkpoint.</returns>
    public AuditCheckpoint Sign(AuditCheckpointKind kind, AuditChainPosition position, DateTimeOffset createdAt, AuditCheckpoint? previous)
    {
        ArgumentNullException.ThrowIfNull(position);
        var hash = Convert.ToHexStringLower(position.Hash);
        var time = new DateTimeOffset(createdAt.UtcTicks - (createdAt.UtcTicks % 10), TimeSpan.Zero);
        var payload = AuditCheckpoint.Payload(kind, position.Sequence, hash, time, KeyId, previous?.Signature);
        var signature = _key.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new AuditCheckpoint
        {
            Kind = kind,
            Sequence = position.Sequence,
            Hash = hash,
            CreatedAt = time,
            KeyId = KeyId,
            PreviousSignature = previous?.Signature,
            Signature = Convert.ToBase64String(signature),
        };
    }

    /// <summary>Signs an archive manifest with the checkpoint key (the same algorithm as checkpoints).</summary>
    /// <param name="manifest">The manifest; its key id and signature are replaced.</param>
    /// <returns>The signed manifest.</returns>
    public AuditArchiveManifest Sign(AuditArchiveManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var unsigned = manifest with { KeyId = KeyId, Signature = null };
        var signature = _key.SignData(unsigned.SignedPayload(), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return unsigned with { Signature = Convert.ToBase64String(signature) };
    }
}
