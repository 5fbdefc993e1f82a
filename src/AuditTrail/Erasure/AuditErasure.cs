using System.Globalization;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// <see cref="IAuditErasure"/>: refuses under an active legal hold covering any record of the person, has the store
/// rewrite the rows (<see cref="IAuditErasureStore"/>), then logs <see cref="AuditActions.AuditErased"/> durably with
/// the pseudonym, the row count and the digest the verifier checks the erased rows against.
/// </summary>
internal sealed class AuditErasure(IAuditStore store, AuditEventSubmitter logger, IAuditLegalHolds holds, IOptions<AuditTrailOptions> options) : IAuditErasure
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

        // The record would name the person it erases, by id and name, and stay behind them.
        if (string.Equals(requestedBy.Id, actorId, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                "requestedBy is the actor being erased: the erasure record names who asked for it and is not erased, so it would keep the person's id and name. Pass who carries out their request (the service or the data protection officer).",
                nameof(requestedBy));
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
        var id = await LogAsync(
            requestedBy,
            pseudonym,
            result.RowCount,
            digest,
            string.Create(CultureInfo.InvariantCulture, $"Erased the personal fields of an actor on {result.RowCount} audit record(s); the actor id became {pseudonym}"),
            null,
            cancellationToken).ConfigureAwait(false);

        // Events logged before this call but committed only after the rewrite (still in the pipeline) were queued ahead
        // of the record just logged, so they are in the store now: a second pass erases them too, and records the
        // erasure again with the digest of every row it covers (the first record is then superseded, as a restated one is).
        // Whether any row still names the person is read first, without the chain lock: that record was committed after
        // them, so none is missed, and when there is none the pass would rewrite nothing and only digest every erased row
        // again while writers wait for the lock.
        var rewritten = result.Rewritten;
        var restatements = result.Restated;
        if (await StillNamedAsync(actorId, cancellationToken).ConfigureAwait(false) &&
            await erasure.EraseAsync(actorId, pseudonym, cancellationToken).ConfigureAwait(false) is { Rewritten: > 0 } late)
        {
            rewritten += late.Rewritten;
            restatements = [.. result.Restated, .. late.Restated];
            result = late;
            digest = Convert.ToHexStringLower(late.Digest);
            id = await LogAsync(
                requestedBy,
                pseudonym,
                late.RowCount,
                digest,
                string.Create(CultureInfo.InvariantCulture, $"Erased the personal fields of an actor on {late.RowCount} audit record(s); the actor id became {pseudonym}"),
                null,
                cancellationToken).ConfigureAwait(false);
        }

        var restated = new List<string>(restatements.Count);
        foreach (var other in restatements)
        {
            if (await RestateAsync(other, pseudonym, requestedBy, cancellationToken).ConfigureAwait(false))
            {
                restated.Add(other.Pseudonym);
            }
        }

        return new AuditErasureResult(pseudonym, result.RowCount, rewritten, digest, id) { Restated = restated };
    }

    /// <summary>The metadata key of the pseudonym in an <see cref="AuditActions.AuditErased"/> record.</summary>
    internal const string MetadataPseudonym = "pseudonym";

    /// <summary>The metadata key of the row count.</summary>
    internal const string MetadataRowCount = "row_count";

    /// <summary>The metadata key of the digest.</summary>
    internal const string MetadataDigest = "digest";

    /// <summary>The metadata key that names, on a restated erasure record, the erasure that changed its rows.</summary>
    internal const string MetadataRestatedAfter = "restated_after";

    /// <summary>
    /// Records another person's erasure again with the digest of their rows as this erasure left them, when it changed
    /// them and their newest erasure record holds the digest they had just before it; otherwise the rows were altered
    /// before this call, and restating them would cover that up, so the verifier goes on reporting it (docs/integrity.md).
    /// </summary>
    private async Task<bool> RestateAsync(AuditErasureRestatement other, string after, AuditActor requestedBy, CancellationToken cancellationToken)
    {
        if (other.RowCount == other.RowCountBefore && other.Digest.AsSpan().SequenceEqual(other.DigestBefore))
        {
            return false;
        }

        var before = Convert.ToHexStringLower(other.DigestBefore);
        var count = other.RowCountBefore.ToString(CultureInfo.InvariantCulture);
        await foreach (var record in store.StreamAsync(new AuditFilter { Actions = [AuditActions.AuditErased] }, cancellationToken).ConfigureAwait(false))
        {
            if (record.Metadata.GetValueOrDefault(MetadataPseudonym) != other.Pseudonym)
            {
                continue;
            }

            if (record.Metadata.GetValueOrDefault(MetadataRowCount) != count || record.Metadata.GetValueOrDefault(MetadataDigest) != before)
            {
                return false;
            }

            await LogAsync(
                requestedBy,
                other.Pseudonym,
                other.RowCount,
                Convert.ToHexStringLower(other.Digest),
                string.Create(CultureInfo.InvariantCulture, $"Recorded the erasure of {other.Pseudonym} again ({other.RowCount} audit record(s)): the erasure of {after} rewrote records it covers"),
                after,
                cancellationToken).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    private Task<Guid> LogAsync(AuditActor requestedBy, string pseudonym, int rowCount, string digest, string description, string? restatedAfter, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            [MetadataPseudonym] = pseudonym,
            [MetadataRowCount] = rowCount.ToString(CultureInfo.InvariantCulture),
            [MetadataDigest] = digest,
        };
        if (restatedAfter is not null)
        {
            metadata[MetadataRestatedAfter] = restatedAfter;
        }

        // Committed before the call returns, in Buffered mode too: the erasure is recorded durably.
        return logger.SubmitAsync(
            new AuditEvent
            {
                Action = AuditActions.AuditErased,
                ActionType = AuditActionType.Delete,
                Actor = requestedBy,
                Resource = new AuditResource("actor", pseudonym, null),
                Description = description,
                Metadata = metadata,
            },
            waitForCommit: true,
            cancellationToken);
    }

    private async Task<bool> StillNamedAsync(string actorId, CancellationToken cancellationToken) =>
        await store.CountUpToAsync(new AuditFilter { ScopeActorId = actorId, ScopeIncludesTargetUser = true }, 1, cancellationToken).ConfigureAwait(false) > 0;

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
