using System.Globalization;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// <see cref="IAuditErasure"/>: refuses under an active legal hold covering any record of the person, has the store
/// rewrite the rows (<see cref="IAuditErasureStore"/>), then logs <see cref="AuditActions.AuditErased"/> durably with
/// the pseudonym, the row count and the digest the verifier checks the erased rows against.
/// </summary>
internal sealed class AuditErasure(IAuditStore store, IAuditLogger logger, IAuditLegalHolds holds, IOptions<AuditTrailOptions> options) : IAuditErasure
{
    public async Task<AuditErasureResult> EraseActorAsync(string actorId, AuditActor requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actorId);
        ArgumentNullException.ThrowIfNull(requestedBy);

        // Checked before any row is rewritten: the erasure record that the verifier needs is logged by requestedBy.
        if (string.IsNullOrWhiteSpace(requestedBy.Id))
        {
            throw new ArgumentException("requestedBy.Id must not be empty: the erasure record names who asked for it.", nameof(requestedBy));
        }

        if (!Enum.IsDefined(requestedBy.Type))
        {
            throw new ArgumentException($"requestedBy.Type {(int)requestedBy.Type} is not a defined AuditActorType.", nameof(requestedBy));
        }
        if (options.Value.Erasure.PseudonymKey is not { } key)
        {
            throw new InvalidOperationException("Erasure is off: set AuditTrailOptions.Erasure.PseudonymKey (at least 32 random bytes, kept secret and never changed).");
        }

        if (store is not IAuditErasureStore erasure)
        {
            throw new NotSupportedException($"The registered store ({store.GetType().Name}) cannot erase records in place: it does not implement {nameof(IAuditErasureStore)}.");
        }

        if (AuditPseudonym.IsPseudonym(actorId))
        {
            throw new ArgumentException($"'{actorId}' is a pseudonym already; erase the original actor id.", nameof(actorId));
        }

        await RefuseUnderHoldAsync(actorId, cancellationToken).ConfigureAwait(false);
        var pseudonym = AuditPseudonym.For(key, actorId);
        var result = await erasure.EraseAsync(actorId, pseudonym, cancellationToken).ConfigureAwait(false);
        var digest = Convert.ToHexStringLower(result.Digest);
        var id = await logger.LogAsync(
            new AuditEvent
            {
                Action = AuditActions.AuditErased,
                ActionType = AuditActionType.Delete,
                Actor = requestedBy,
                Resource = new AuditResource("actor", pseudonym, null),
                Description = string.Create(CultureInfo.InvariantCulture, $"Erased the personal fields of an actor on {result.RowCount} audit record(s); the actor id became {pseudonym}"),
                Metadata = new Dictionary<string, string>
                {
                    [MetadataPseudonym] = pseudonym,
                    [MetadataRowCount] = result.RowCount.ToString(CultureInfo.InvariantCulture),
                    [MetadataDigest] = digest,
                },
            },
            cancellationToken).ConfigureAwait(false);
        return new AuditErasureResult(pseudonym, result.RowCount, result.Rewritten, digest, id);
    }

    /// <summary>The metadata key of the pseudonym in an <see cref="AuditActions.AuditErased"/> record.</summary>
    internal const string MetadataPseudonym = "pseudonym";

    /// <summary>The metadata key of the row count.</summary>
    internal const string MetadataRowCount = "row_count";

    /// <summary>The metadata key of the digest.</summary>
    internal const string MetadataDigest = "digest";

    private async Task RefuseUnderHoldAsync(string actorId, CancellationToken cancellationToken)
    {
        var active = await holds.ListAsync(tenantId: null, includeReleased: false, cancellationToken).ConfigureAwait(false);
        if (active.Count == 0)
        {
            return;
        }

        var filter = new AuditFilter { ScopeActorId = actorId, ScopeIncludesTargetUser = true };
        await foreach (var record in store.StreamAsync(filter, cancellationToken).ConfigureAwait(false))
        {
            if (active.FirstOrDefault(hold => hold.Scope.Covers(record)) is { } hold)
            {
                throw new AuditErasureRefusedException(
                    $"The erasure of actor '{actorId}' was refused: legal hold {hold.Id} (\"{hold.Reason}\", placed by {hold.PlacedBy}) covers record {record.Id}. Nothing was erased; release the hold first.")
                {
                    HoldId = hold.Id,
                };
            }
        }
    }
}
