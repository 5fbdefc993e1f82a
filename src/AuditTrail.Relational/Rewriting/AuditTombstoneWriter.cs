using System.Security.Cryptography;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// <see cref="IAuditTombstoneStore.TombstoneAsync"/> in SQL every dialect runs: one transaction under the rewrite lock
/// (<see cref="AuditStatements.RewriteLock"/>: appends go on, purges wait) that checks each row's link from its complete content, keeps the SHA-256 of its canonical bytes in
/// <see cref="AuditColumns.ContentDigest"/>, empties it (<see cref="AuditRowRewrites"/>) and sets its reason, skipping
/// rows already tombstoned; the observer takes the rows' text out of the search index before the commit
/// (<see cref="IAuditStoreObserver.OnRewritingAsync"/>), or records that it owes that and does it after the commit.
/// </summary>
internal sealed class AuditTombstoneWriter(AuditConnections connections, AuditStatements sql, AuditRewriteRows reads, IAuditStoreObserver? observer)
{
    public async Task<int> TombstoneAsync(IReadOnlyList<AuditTombstoneRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0 || !connections.Dialect.SupportsRowRewrites)
        {
            return 0;
        }

        var done = new List<long>(requests.Count);
        var takenOut = false;
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connections.BeginLockedTransactionAsync(connection, sql.RewriteLock, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var anchor = await reads.ReadAnchorAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var due = new Dictionary<long, Due>();
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

                        if (due.ContainsKey(row.Seq))
                        {
                            continue;
                        }

                        // Pseudonyms stay: the erasure's digest finds the row by them (docs/integrity.md).
                        due.Add(row.Seq, new Due(
                            request.Reason,
                            SHA256.HashData(AuditChain.Canonicalize(row.Seq, record)),
                            AuditPseudonym.IsPseudonym(record.Actor.Id),
                            AuditPseudonym.IsPseudonym(record.TargetUser?.Id)));
                    }

                    if (due.Count > 0)
                    {
                        await UpdateAsync(connection, transaction, due, cancellationToken).ConfigureAwait(false);
                        done.AddRange(due.Keys);
                        due.Clear();
                    }
                }

                // Before the commit: a stop after it must not leave the rows' old text in a search index for good, since a
                // later pass finds them tombstoned already and has nothing more to do.
                if (done.Count > 0 && observer is not null)
                {
                    takenOut = await observer.OnRewritingAsync(connection, transaction, [.. done.Order()], cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (done.Count > 0 && observer is not null && !takenOut)
        {
            await observer.OnRewrittenAsync([.. done.Order()], cancellationToken).ConfigureAwait(false);
        }

        return done.Count;
    }

    /// <summary>
    /// Empties the <paramref name="due"/> rows in one statement, not one a row: a statement costs its round trip (and on
    /// SQLite compiling the append-only and rollup triggers again), which made a pass hold the chain lock for minutes
    /// while writers waited. Two parameters a row (its sequence number and digest), within every dialect's limit.
    /// </summary>
    private async Task UpdateAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Dictionary<long, Due> due, CancellationToken cancellationToken)
    {
        var parameters = new AuditSqlParameters();
        var sequences = due.Keys.ToDictionary(sequence => sequence, sequence => parameters.Add(sequence));
        var reasons = due.Values.Select(d => d.Reason).Distinct(StringComparer.Ordinal).ToDictionary(reason => reason, reason => parameters.Add(reason), StringComparer.Ordinal);
        string Seq(Func<Due, bool> keep) => string.Join(", ", due.Where(d => keep(d.Value)).Select(d => sequences[d.Key]));
        string Kept(string column, Func<Due, bool> keep, string otherwise) =>
            due.Values.Any(keep) ? $"CASE WHEN {sql.Column(AuditColumns.Seq)} IN ({Seq(keep)}) THEN {sql.Column(column)} ELSE {otherwise} END" : otherwise;
        var statement =
            $"UPDATE {sql.Table} SET {sql.Column(AuditColumns.ActorId)} = {Kept(AuditColumns.ActorId, d => d.KeepActor, "''")}, " +
            $"{sql.Column(AuditColumns.TargetUserId)} = {Kept(AuditColumns.TargetUserId, d => d.KeepTargetUser, "NULL")}, " +
            $"{sql.Column(AuditColumns.Changes)} = '{AuditStoredJson.NoChanges}', {sql.Column(AuditColumns.Metadata)} = '{AuditStoredJson.NoMetadata}', " +
            string.Concat(AuditRowRewrites.TombstoneCleared.Select(column => $"{sql.Column(column)} = NULL, ")) +
            $"{sql.Column(AuditColumns.Tombstone)} = CASE {sql.Column(AuditColumns.Seq)}{string.Concat(due.Select(d => $" WHEN {sequences[d.Key]} THEN {reasons[d.Value.Reason]}"))} END, " +
            $"{sql.Column(AuditColumns.ContentDigest)} = CASE {sql.Column(AuditColumns.Seq)}{string.Concat(due.Select(d => $" WHEN {sequences[d.Key]} THEN {parameters.Add(d.Value.Digest)}"))} END " +
            $"WHERE {sql.Column(AuditColumns.Seq)} IN ({Seq(_ => true)}) AND {sql.Column(AuditColumns.Tombstone)} IS NULL";
        var updated = await connection.ExecuteAsync(AuditConnections.Command(statement, parameters, cancellationToken, transaction)).ConfigureAwait(false);
        if (updated != due.Count)
        {
            throw new InvalidOperationException($"Tombstoning rows {due.Keys.Min()} to {due.Keys.Max()} changed {updated} of {due.Count} row(s); nothing of this call was tombstoned.");
        }
    }

    /// <summary>A row to empty: its reason, the digest of its content, and whether its actor or target user id is a pseudonym that stays.</summary>
    private sealed record Due(string Reason, byte[] Digest, bool KeepActor, bool KeepTargetUser);

    /// <summary>
    /// An erased row no longer links from its content (its hash covers what the erasure removed); the erasure checked
    /// its link before it rewrote it, and the erasure record's digest, which the verifier checks, pins what it holds now.
    /// </summary>
    private static bool IsErased(AuditRecord record) =>
        AuditPseudonym.IsPseudonym(record.Actor.Id) || AuditPseudonym.IsPseudonym(record.TargetUser?.Id);
}
