using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// <see cref="IAuditErasureStore.EraseAsync"/> in SQL every dialect runs: one transaction under the rewrite lock
/// (<see cref="AuditStatements.RewriteLock"/>: appends go on, purges and tombstones wait) that checks the link of each row naming the person from its complete content, replaces their id by the pseudonym and
/// clears their fields (<see cref="AuditRowRewrites"/>), then computes the <see cref="AuditErasureDigest"/> of every row
/// that carries the pseudonym, and of every other pseudonym those rows carry before and after the rewrite; after the
/// commit the observer gives the search index the new text of every row that carries the pseudonym (also those an
/// earlier, interrupted run rewrote).
/// </summary>
internal sealed class AuditErasureWriter(AuditConnections connections, AuditStatements sql, AuditRewriteRows reads, IAuditStoreObserver? observer)
{
    public async Task<AuditErasureStoreResult> EraseAsync(string actorId, string pseudonym, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(actorId);
        if (!AuditPseudonym.IsPseudonym(pseudonym))
        {
            throw new ArgumentException($"'{pseudonym}' is not a pseudonym ({nameof(AuditPseudonym)}.{nameof(AuditPseudonym.For)} makes them).", nameof(pseudonym));
        }

        if (!connections.Dialect.SupportsRowRewrites)
        {
            throw new NotSupportedException("The store's SQL dialect does not support rewriting rows in place (IAuditSqlDialect.SupportsRowRewrites), so it cannot erase.");
        }

        var dialect = connections.Dialect;
        var person = dialect.ToDbText(actorId);
        var alias = dialect.ToDbText(pseudonym);
        var rewritten = new List<long>();
        var carrying = new List<long>();
        AuditErasureStoreResult result;
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connections.BeginLockedTransactionAsync(connection, sql.RewriteLock, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var named = await reads.ReadNamingAsync(connection, transaction, person, cancellationToken).ConfigureAwait(false);
                var anchor = await reads.ReadAnchorAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                var others = await reads.ReadSharedPseudonymsAsync(connection, transaction, person, alias, cancellationToken).ConfigureAwait(false);
                var recorded = others.Count == 0 ? [] : await reads.ReadRecordedAsync(connection, transaction, others, cancellationToken).ConfigureAwait(false);
                var shared = new List<(string Pseudonym, (int Count, byte[] Digest) Before)>(recorded.Count);
                foreach (var other in others.Where(recorded.Contains))
                {
                    shared.Add((other, await reads.DigestAsync(connection, transaction, other, cancellationToken).ConfigureAwait(false)));
                }

                foreach (var chunk in named.Chunk(AuditRewriteRows.MaxPerRead / 2))
                {
                    var rows = await reads.ReadWithPredecessorsAsync(connection, transaction, [.. chunk], cancellationToken).ConfigureAwait(false);
                    foreach (var sequence in chunk)
                    {
                        var row = rows[sequence];
                        var record = reads.ToRecord(row);

                        // A row that carries the pseudonym of a recorded erasure was erased before: its hash covers what that
                        // erasure removed, and that erasure's record pins what it holds now (restated below).
                        if (!recorded.Contains(record.Actor.Id) && !(record.TargetUser?.Id is { } target && recorded.Contains(target)))
                        {
                            AuditRewriteRows.EnsureLinks(AuditRewriteRows.PreviousHash(rows, anchor, sequence), row, record, "erased");
                        }
                    }

                    // One statement per chunk, not per row: a statement costs its round trip and, on SQLite, compiling the
                    // append-only and rollup triggers again, which made a large erasure hold the lock for minutes.
                    var parameters = new AuditSqlParameters();
                    var statement = Rewrite(sql, parameters.Add(person), parameters.Add(alias)) +
                        $" WHERE {sql.Column(AuditColumns.Seq)} IN ({string.Join(", ", chunk.Select(sequence => parameters.Add(sequence)))})" +
                        $" AND {sql.Column(AuditColumns.Tombstone)} IS NULL";
                    var updated = await connection.ExecuteAsync(AuditConnections.Command(statement, parameters, cancellationToken, transaction)).ConfigureAwait(false);
                    if (updated != chunk.Length)
                    {
                        throw new InvalidOperationException($"Erasing rows {chunk[0]} to {chunk[^1]} changed {updated} of {chunk.Length} row(s); nothing was erased.");
                    }

                    rewritten.AddRange(chunk);
                }

                // Every whole row that carries the pseudonym, not only those rewritten now: a run stopped after its commit and
                // before the search text was replaced (killed, cancelled) left their old text there, and this run replaces it.
                var (count, digest) = await reads.DigestAsync(connection, transaction, alias, cancellationToken, carrying).ConfigureAwait(false);
                var restated = new List<AuditErasureRestatement>(shared.Count);
                foreach (var (other, before) in shared)
                {
                    var after = await reads.DigestAsync(connection, transaction, other, cancellationToken).ConfigureAwait(false);
                    restated.Add(new AuditErasureRestatement(other, before.Count, before.Digest, after.Count, after.Digest));
                }

                result = new AuditErasureStoreResult(count, rewritten.Count, digest) { Restated = restated };
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (carrying.Count > 0 && observer is not null)
        {
            await observer.OnRewrittenAsync(carrying, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// The rewrite of the rows: where the person is the actor, the pseudonym and no name, source IP or user agent; where they
    /// are the target user, the pseudonym and no name. SET reads the values before the update, in every dialect. The
    /// caller appends the WHERE clause naming the rows.
    /// </summary>
    private static string Rewrite(AuditStatements sql, string person, string alias)
    {
        var actor = sql.Column(AuditColumns.ActorId);
        var target = sql.Column(AuditColumns.TargetUserId);

        // Exact matches only (TextIs): "alice " is another person than "alice", though T-SQL's = says they are equal.
        var isActor = sql.TextIs(AuditColumns.ActorId, person);
        var isTarget = sql.TextIs(AuditColumns.TargetUserId, person);
        string IfActor(string column) => $"{sql.Column(column)} = CASE WHEN {isActor} THEN NULL ELSE {sql.Column(column)} END";
        return $"UPDATE {sql.Table} SET " +
            string.Join(", ", [
                $"{actor} = CASE WHEN {isActor} THEN {alias} ELSE {actor} END",
                IfActor(AuditColumns.ActorName),
                IfActor(AuditColumns.SourceIp),
                IfActor(AuditColumns.SourceIpAsHashed),
                IfActor(AuditColumns.UserAgent),
                $"{target} = CASE WHEN {isTarget} THEN {alias} ELSE {target} END",
                $"{sql.Column(AuditColumns.TargetUserName)} = CASE WHEN {isTarget} THEN NULL ELSE {sql.Column(AuditColumns.TargetUserName)} END",
            ]);
    }
}
