using System.Security.Cryptography;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// <see cref="IAuditTombstoneStore.TombstoneAsync"/> in SQL every dialect runs: one transaction under the chain lock
/// that checks each row's link from its complete content, keeps the SHA-256 of its canonical bytes in
/// <see cref="AuditColumns.ContentDigest"/>, empties it (<see cref="AuditRowRewrites"/>) and sets its reason, skipping
/// rows already tombstoned; after the commit the observer takes the rows' text out of the search index.
/// </summary>
internal sealed class AuditTombstoneWriter(AuditConnections connections, AuditStatements sql, AuditRewriteRows reads, IAuditStoreObserver? observer)
{
    private readonly string _update =
        $"UPDATE {sql.Table} SET {sql.Column(AuditColumns.ActorId)} = @actorId, {sql.Column(AuditColumns.TargetUserId)} = @targetUserId, " +
        $"{sql.Column(AuditColumns.Changes)} = '{AuditStoredJson.NoChanges}', {sql.Column(AuditColumns.Metadata)} = '{AuditStoredJson.NoMetadata}', " +
        string.Concat(AuditRowRewrites.TombstoneCleared.Select(column => $"{sql.Column(column)} = NULL, ")) +
        $"{sql.Column(AuditColumns.Tombstone)} = @reason, {sql.Column(AuditColumns.ContentDigest)} = @digest " +
        $"WHERE {sql.Column(AuditColumns.Seq)} = @seq AND {sql.Column(AuditColumns.Tombstone)} IS NULL";

    public async Task<int> TombstoneAsync(IReadOnlyList<AuditTombstoneRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0 || !connections.Dialect.SupportsRowRewrites)
        {
            return 0;
        }

        var done = new List<long>(requests.Count);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connections.BeginLockedTransactionAsync(connection, sql.ChainLock, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var anchor = await reads.ReadAnchorAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                foreach (var chunk in requests.Chunk(AuditRewriteRows.MaxPerRead / 2))
                {
                    var rows = await reads.ReadWithPredecessorsAsync(connection, transaction, [.. chunk.Select(r => r.Sequence)], cancellationToken).ConfigureAwait(false);
                    foreach (var request in chunk)
                    {
                        ArgumentException.ThrowIfNullOrEmpty(request.Reason, "rows[].Reason");
                        if (!rows.TryGetValue(request.Sequence, out var row))
                        {
                            // Purged since it was read (a retention pass of another instance): there is nothing left to empty.
                            if (anchor is not null && request.Sequence <= anchor.Sequence)
                            {
                                continue;
                            }

                            throw new InvalidOperationException($"Row {request.Sequence} is not in the store; nothing of this call was tombstoned.");
                        }

                        var record = reads.ToRecord(row);
                        if (record.Id != request.EventId)
                        {
                            throw new InvalidOperationException($"Row {request.Sequence} holds event {record.Id}, not {request.EventId}; nothing of this call was tombstoned.");
                        }

                        if (row.Tombstone is not null)
                        {
                            continue;
                        }

                        if (!IsErased(record))
                        {
                            AuditRewriteRows.EnsureLinks(AuditRewriteRows.PreviousHash(rows, anchor, row.Seq), row, record, "tombstoned");
                        }

                        var digest = SHA256.HashData(AuditChain.Canonicalize(row.Seq, record));
                        var updated = await connection.ExecuteAsync(new CommandDefinition(
                            _update, new
                            {
                                seq = row.Seq,
                                reason = request.Reason,
                                digest,

                                // Pseudonyms stay: the erasure's digest finds the row by them (docs/integrity.md).
                                actorId = AuditPseudonym.IsPseudonym(record.Actor.Id) ? record.Actor.Id : string.Empty,
                                targetUserId = AuditPseudonym.IsPseudonym(record.TargetUser?.Id) ? record.TargetUser!.Id : null,
                            }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                        if (updated != 1)
                        {
                            throw new InvalidOperationException($"Tombstoning row {row.Seq} changed {updated} row(s); nothing of this call was tombstoned.");
                        }

                        done.Add(row.Seq);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (done.Count > 0 && observer is not null)
        {
            await observer.OnRewrittenAsync([.. done.Order()], cancellationToken).ConfigureAwait(false);
        }

        return done.Count;
    }

    /// <summary>
    /// An erased row no longer links from its content (its hash covers what the erasure removed); the erasure checked
    /// its link before it rewrote it, and the erasure record's digest, which the verifier checks, pins what it holds now.
    /// </summary>
    private static bool IsErased(AuditRecord record) =>
        AuditPseudonym.IsPseudonym(record.Actor.Id) || AuditPseudonym.IsPseudonym(record.TargetUser?.Id);
}
