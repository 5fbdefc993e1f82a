using System.Data.Common;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// What a rewrite in place (a tombstoning or an erasure) reads inside its transaction, under the rewrite lock: the rows it
/// will rewrite and the ones just before them, whole, with their hash and tombstone; and the check that a row still
/// links from its complete content, without which nothing is rewritten.
/// </summary>
internal sealed class AuditRewriteRows(AuditStatements sql, AuditRecordMapper mapper, AuditChainLinks links)
{
    /// <summary>The most sequence numbers one read binds (SQL Server takes at most 2,100 parameters).</summary>
    public const int MaxPerRead = 1_000;

    /// <summary>The rows at <paramref name="sequences"/> and the one before each, by sequence number.</summary>
    public async Task<Dictionary<long, AuditRow>> ReadWithPredecessorsAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        var wanted = sequences.SelectMany(sequence => new[] { sequence - 1, sequence }).Where(sequence => sequence > 0).Distinct().Order().ToList();
        var rows = new Dictionary<long, AuditRow>(wanted.Count);
        foreach (var chunk in wanted.Chunk(MaxPerRead))
        {
            var parameters = new AuditSqlParameters();
            var statement = $"SELECT {sql.SelectColumns}, {sql.Column(AuditColumns.Hash)} AS {nameof(AuditRow.Hash)}{sql.TombstoneColumn} FROM {sql.Table} " +
                $"WHERE {sql.Column(AuditColumns.Seq)} IN ({string.Join(", ", chunk.Select(sequence => parameters.Add(sequence)))})";
            var reader = await connection.ExecuteReaderAsync(AuditConnections.Command(statement, parameters, cancellationToken, transaction)).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                foreach (var row in await AuditRowDataReader.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false))
                {
                    rows[row.Seq] = row;
                }
            }
        }

        return rows;
    }

    /// <summary>The sequence numbers of the whole rows whose actor or target user id is <paramref name="id"/> (exactly, trailing spaces included), ascending.</summary>
    public async Task<List<long>> ReadNamingAsync(DbConnection connection, DbTransaction transaction, string id, CancellationToken cancellationToken)
    {
        var statement = $"SELECT {sql.Column(AuditColumns.Seq)} FROM {sql.Table} WHERE ({sql.TextIs(AuditColumns.ActorId, "@id")} OR {sql.TextIs(AuditColumns.TargetUserId, "@id")}) " +
            $"AND {sql.Column(AuditColumns.Tombstone)} IS NULL ORDER BY {sql.Column(AuditColumns.Seq)}";
        var sequences = await connection.QueryAsync<long>(new CommandDefinition(statement, new { id }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. sequences];
    }

    /// <summary>Hands each row (whole or tombstone) whose actor or target user id is <paramref name="id"/> to <paramref name="each"/> as it is read, in sequence order, holding one at a time.</summary>
    private async Task ForEachCarryingAsync(DbConnection connection, DbTransaction transaction, string id, Action<AuditRow> each, CancellationToken cancellationToken)
    {
        var parameters = new AuditSqlParameters();
        var value = parameters.Add(id);
        var statement = $"SELECT {sql.SelectColumns}, {sql.Column(AuditColumns.Hash)} AS {nameof(AuditRow.Hash)}{sql.TombstoneColumn} FROM {sql.Table} " +
            $"WHERE {sql.TextIs(AuditColumns.ActorId, value)} OR {sql.TextIs(AuditColumns.TargetUserId, value)} ORDER BY {sql.Column(AuditColumns.Seq)}";
        var reader = await connection.ExecuteReaderAsync(AuditConnections.Command(statement, parameters, cancellationToken, transaction)).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await foreach (var row in AuditRowDataReader.ReadEachAsync(reader, cancellationToken).ConfigureAwait(false))
            {
                each(row);
            }
        }
    }

    /// <summary>
    /// The pseudonyms other than <paramref name="alias"/> that rows naming <paramref name="id"/> or carrying
    /// <paramref name="alias"/> hold in their other place (actor or target user): people erased before who share a row.
    /// </summary>
    public async Task<List<string>> ReadSharedPseudonymsAsync(DbConnection connection, DbTransaction transaction, string id, string alias, CancellationToken cancellationToken)
    {
        var actor = sql.Column(AuditColumns.ActorId);
        var target = sql.Column(AuditColumns.TargetUserId);
        var statement = $"SELECT DISTINCT {actor} AS {nameof(SharedIds.ActorId)}, {target} AS {nameof(SharedIds.TargetUserId)} FROM {sql.Table} " +
            $"WHERE (({sql.TextIs(AuditColumns.ActorId, "@id")} OR {sql.TextIs(AuditColumns.ActorId, "@alias")}) AND {target} IS NOT NULL) " +
            $"OR {sql.TextIs(AuditColumns.TargetUserId, "@id")} OR {sql.TextIs(AuditColumns.TargetUserId, "@alias")}";
        var pairs = await connection.QueryAsync<SharedIds>(new CommandDefinition(statement, new { id, alias }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. pairs
            .SelectMany(pair => new[] { pair.ActorId, pair.TargetUserId })
            .Where(other => AuditPseudonym.IsPseudonym(other) && !string.Equals(other, alias, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Cast<string>()];
    }

    /// <summary>Which of <paramref name="pseudonyms"/> an <see cref="AuditActions.AuditErased"/> record names: the erasures the trail recorded.</summary>
    public async Task<HashSet<string>> ReadRecordedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> pseudonyms, CancellationToken cancellationToken)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in pseudonyms.Chunk(MaxPerRead))
        {
            var parameters = new AuditSqlParameters();
            var statement = $"SELECT DISTINCT {sql.Column(AuditColumns.ResourceId)} FROM {sql.Table} " +
                $"WHERE {sql.Column(AuditColumns.Action)} = {parameters.Add(AuditActions.AuditErased)} AND {sql.Column(AuditColumns.ResourceType)} = {parameters.Add("actor")} " +
                $"AND {sql.Column(AuditColumns.ResourceId)} IN ({string.Join(", ", chunk.Select(parameters.Add))})";
            var found = await connection.QueryAsync<string>(AuditConnections.Command(statement, parameters, cancellationToken, transaction)).ConfigureAwait(false);
            recorded.UnionWith(found);
        }

        return recorded;
    }

    /// <summary>
    /// How many rows carry <paramref name="alias"/> as actor or target user, and their <see cref="AuditErasureDigest"/>;
    /// the sequence numbers of the whole ones (not tombstones) go to <paramref name="whole"/> when it is given.
    /// </summary>
    public async Task<(int Count, byte[] Digest)> DigestAsync(
        DbConnection connection, DbTransaction transaction, string alias, CancellationToken cancellationToken, ICollection<long>? whole = null)
    {
        // Streamed: a person named on millions of rows is digested with one row in memory, not all of them.
        using var digest = new AuditErasureDigest();
        await ForEachCarryingAsync(
            connection,
            transaction,
            alias,
            row =>
            {
                if (row.Tombstone is null)
                {
                    whole?.Add(row.Seq);
                }

                digest.Add(row.Seq, row.Tombstone is null ? AuditErasureDigest.ContentHash(row.Seq, ToRecord(row)) : row.ContentDigest ?? []);
            },
            cancellationToken).ConfigureAwait(false);

        return (digest.Count, digest.Current());
    }

    /// <summary>The retention anchor, the link before the oldest stored row when a purge left one.</summary>
    public Task<AuditChainPosition?> ReadAnchorAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        links.ReadAnchorAsync(connection, transaction, cancellationToken);

    /// <summary>The record of a row as stored.</summary>
    public AuditRecord ToRecord(AuditRow row) => mapper.ToRecord(row);

    /// <summary>
    /// The stored link before row <paramref name="sequence"/>: the previous row's hash, the retention anchor's when the
    /// row follows it, or the genesis hash for the first row.
    /// </summary>
    /// <exception cref="InvalidOperationException">The previous row is missing: the chain is broken there.</exception>
    public static byte[] PreviousHash(Dictionary<long, AuditRow> rows, AuditChainPosition? anchor, long sequence)
    {
        if (rows.TryGetValue(sequence - 1, out var previous) && previous.Hash is { Length: AuditChain.HashLength } hash)
        {
            return hash;
        }

        if (anchor is not null && anchor.Sequence == sequence - 1)
        {
            return anchor.Hash;
        }

        return sequence == 1
            ? AuditChain.GenesisHash.ToArray()
            : throw new InvalidOperationException($"Row {sequence - 1}, before row {sequence}, is missing: the chain is broken there, so row {sequence} is not rewritten.");
    }

    /// <summary>Throws unless the row's stored hash is recomputed from <paramref name="previous"/> and its complete content.</summary>
    /// <exception cref="InvalidOperationException">The row does not verify; nothing of the call is committed.</exception>
    public static void EnsureLinks(byte[] previous, AuditRow row, AuditRecord record, string rewrite)
    {
        if (row.Hash is not { Length: AuditChain.HashLength } hash || !AuditChain.ComputeHash(previous, row.Seq, record).AsSpan().SequenceEqual(hash))
        {
            throw new InvalidOperationException(
                $"Row {row.Seq} (event {record.Id}) does not verify from its content and the link before it, so it is not {rewrite}; nothing of this call was committed. Run the verifier.");
        }
    }

    private sealed record SharedIds(string ActorId, string? TargetUserId);
}
