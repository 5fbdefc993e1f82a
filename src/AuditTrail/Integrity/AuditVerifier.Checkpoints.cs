using System.Buffers;

namespace AuditTrail;

/// <summary>The verifier's checks of the signed checkpoints: known keys, signatures, their own chain, and the retention anchor.</summary>
public sealed partial class AuditVerifier
{
    private static readonly SearchValues<char> LowercaseHexDigits = SearchValues.Create("0123456789abcdef");

    private static bool IsLowercaseHex(string text) => text.AsSpan().IndexOfAnyExcept(LowercaseHexDigits) < 0;

    /// <summary>Whether a retention policy checkpoint's signed hash is the SHA-256 of the policy text it holds.</summary>
    private static bool CoversItsPolicy(AuditCheckpoint checkpoint) =>
        checkpoint.Policy is { } policy && string.Equals(checkpoint.Hash, Convert.ToHexStringLower(AuditRetentionPolicyText.Hash(policy)), StringComparison.Ordinal);

    private AuditIntegrityProblem? CheckCheckpoints(IReadOnlyList<AuditCheckpoint> checkpoints)
    {
        AuditCheckpoint? previous = null;
        foreach (var checkpoint in checkpoints)
        {
            var valid = false;
            var knownKey = false;
            if (_keys is not null)
            {
                valid = _keys.Verify(checkpoint, out knownKey);
            }

            if (!knownKey)
            {
                return new AuditIntegrityProblem(
                    AuditIntegrityProblemKind.UnknownKey,
                    checkpoint.Sequence,
                    Invariant($"The checkpoint at row {checkpoint.Sequence} is signed with key {checkpoint.KeyId}, which is not among the trusted keys ({KnownKeys()})."),
                    null);
            }

            if (!valid)
            {
                return new AuditIntegrityProblem(
                    AuditIntegrityProblemKind.BadSignature,
                    checkpoint.Sequence,
                    Invariant($"The checkpoint at row {checkpoint.Sequence} has a signature that does not verify with key {checkpoint.KeyId}: it was altered or forged."),
                    null);
            }

            if (checkpoint.Kind == AuditCheckpointKind.RetentionPolicy && !CoversItsPolicy(checkpoint))
            {
                return new AuditIntegrityProblem(
                    AuditIntegrityProblemKind.BadSignature,
                    checkpoint.Sequence,
                    Invariant($"The retention policy checkpoint at row {checkpoint.Sequence} holds a policy text its signed hash does not cover: it was altered or forged."),
                    null);
            }

            if (!string.Equals(checkpoint.PreviousSignature, previous?.Signature, StringComparison.Ordinal))
            {
                return new AuditIntegrityProblem(
                    AuditIntegrityProblemKind.CheckpointChainBroken,
                    checkpoint.Sequence,
                    Invariant($"The checkpoint at row {checkpoint.Sequence} does not follow the one before it: a checkpoint was removed, replaced or reordered."),
                    null);
            }

            previous = checkpoint;
        }

        return null;
    }

    /// <summary>
    /// With checkpoints in use, the store's retention anchor must be the newest signed anchor: purges sign theirs,
    /// and the checkpoint writer signs the current one when it starts. An unsigned or moved anchor hides rows, unless a
    /// purge intent signed after the newest anchor covers it (<paramref name="intent"/>): a purge is then under way, or
    /// was interrupted, and removed only records it announced. The intent's hash is checked where the chain reaches it.
    /// </summary>
    private static AuditIntegrityProblem? CheckAnchor(AuditChainPosition? anchor, IReadOnlyList<AuditCheckpoint> checkpoints, out AuditCheckpoint? intent)
    {
        intent = null;
        if (checkpoints.Count == 0)
        {
            return null;
        }

        var newestAnchor = -1;
        for (var i = 0; i < checkpoints.Count; i++)
        {
            newestAnchor = checkpoints[i].Kind == AuditCheckpointKind.Anchor ? i : newestAnchor;
        }

        var signed = newestAnchor < 0 ? null : checkpoints[newestAnchor];
        if (anchor is null && signed is null)
        {
            return null;
        }

        if (anchor is null)
        {
            return new AuditIntegrityProblem(
                AuditIntegrityProblemKind.RewrittenChain,
                signed!.Sequence,
                Invariant($"The store has no retention anchor, but a signed anchor says rows up to {signed.Sequence} were purged: the anchor was removed."),
                null);
        }

        var anchorHash = Convert.ToHexStringLower(anchor.Hash);
        if (signed is not null && signed.Sequence == anchor.Sequence && string.Equals(signed.Hash, anchorHash, StringComparison.Ordinal))
        {
            return null;
        }

        var announced = anchor.Sequence > (signed?.Sequence ?? 0)
            ? checkpoints.Skip(newestAnchor + 1).LastOrDefault(c => c.Kind == AuditCheckpointKind.PurgeIntent && c.Sequence >= anchor.Sequence)
            : null;
        if (announced is not null && (announced.Sequence > anchor.Sequence || string.Equals(announced.Hash, anchorHash, StringComparison.Ordinal)))
        {
            intent = announced;
            return null;
        }

        var vouched = signed is null ? "no purge was signed" : Invariant($"the newest signed anchor is at row {signed.Sequence}");
        var beyond = checkpoints.Skip(newestAnchor + 1).LastOrDefault(c => c.Kind == AuditCheckpointKind.PurgeIntent) is { } last
            ? Invariant($", and the purge signed since announced rows up to {last.Sequence}")
            : string.Empty;
        return new AuditIntegrityProblem(
            AuditIntegrityProblemKind.RewrittenChain,
            anchor.Sequence,
            Invariant($"The store's retention anchor at row {anchor.Sequence} is not the signed one ({vouched}{beyond}): rows were removed or the anchor was rewritten outside a signed purge."),
            null);
    }

    private string KnownKeys() => _keys is null || _keys.KeyIds.Count == 0 ? "no key was given" : string.Join(", ", _keys.KeyIds);
}
