using AuditTrail.Relational;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The two append statements of <see cref="PostgreSqlBatchAppender"/>, each of which reads the head and the stored ids,
/// links the new rows (<c>sha256(previous ‖ canonical)</c>, the sequence number written into the canonical bytes with
/// <c>overlay</c>), inserts them and answers one row: how many it wrote, the head after it (sequence number and hash)
/// and the ids it found stored. <see cref="Batch"/> takes one array parameter per column and links with a recursive
/// query; <see cref="One"/> takes one row as scalar parameters and links it without one, a plan about half as costly
/// to run (a lone caller writes batches of one). Parameters: the columns of <see cref="AuditColumns.Data"/> in order,
/// then the canonical bytes, then the audit table's name. <see cref="BatchAfter"/> and <see cref="OneAfter"/> take one
/// more, the predecessor's ids (<c>uuid[]</c>): they write nothing unless every one of them is stored, and answer a fifth
/// column saying whether they were. <see cref="Batch"/> and <see cref="BatchAfter"/> take three more, last: the head
/// the writer expects (sequence number and hash) and the links it computed from it (<see cref="PostgreSqlPredictedLinks"/>),
/// or nulls; the statement writes those links only when that is the head and no id of the batch is stored.
/// </summary>
internal sealed class PostgreSqlAppendSql
{
    public PostgreSqlAppendSql(PostgreSqlAuditSqlDialect dialect, string tableName)
    {
        (Batch, One) = Build(dialect, tableName, after: false);
        (BatchAfter, OneAfter) = Build(dialect, tableName, after: true);
    }

    /// <summary>The statement of a batch of any size: one array parameter per column, the canonical bytes as a <c>bytea[]</c>.</summary>
    public string Batch { get; }

    /// <summary>The statement of one row: one scalar parameter per column, the canonical bytes as a <c>bytea</c>.</summary>
    public string One { get; }

    /// <summary><see cref="Batch"/> behind a predecessor: writes only when each of its ids is stored.</summary>
    public string BatchAfter { get; }

    /// <summary><see cref="One"/> behind a predecessor: writes only when each of its ids is stored.</summary>
    public string OneAfter { get; }

    /// <summary>
    /// Whether a batch of <paramref name="rows"/> rows is written by <see cref="Batch"/> or <see cref="BatchAfter"/>
    /// (any size but one), which take the writer's links; a batch of one is written by <see cref="One"/> or
    /// <see cref="OneAfter"/>, which link it in the server and take none.
    /// </summary>
    public static bool TakesLinks(int rows) => rows != 1;

    private static (string Batch, string One) Build(PostgreSqlAuditSqlDialect dialect, string tableName, bool after)
    {
        var table = dialect.QualifyTableName(tableName);
        string C(string column) => dialect.QuoteIdentifier(column);
        var data = AuditColumns.Data;
        var id = C(AuditColumns.Id);
        var seq = C(AuditColumns.Seq);
        var hash = C(AuditColumns.Hash);
        var canonical = $"${data.Count + 1}";
        var given = string.Join(", ", data.Select(C));
        var sequenceAt = AuditChain.CanonicalSequenceOffset + 1;
        var genesis = $"'\\x{new string('0', 2 * AuditChain.HashLength)}'::bytea";
        var idAt = data.ToList().IndexOf(AuditColumns.Id);
        string Parameter(string column, int i, string suffix = "") => $"${i + 1}::{PostgreSqlAuditSqlDialect.ColumnTypeName(column)}{suffix}";

        // ends: the head as AuditChainLinks reads it, the newest row or the retention anchor when it is newer (a tie is
        // the row). head: ends, or the genesis when there is none. stored: which ids are stored, looked up by the id index
        // (a join with the table could be planned as a scan of it). Nothing is linked from a head whose hash is not 32
        // bytes, so nothing is written. Every part reads the snapshot the statement started with, after the lock.
        var heads = $"""
            ends AS (
                SELECT seq, hash FROM (
                    (SELECT {seq} AS seq, {hash} AS hash, 0 AS anchor FROM {table} ORDER BY {seq} DESC LIMIT 1)
                    UNION ALL
                    (SELECT anchor_seq, anchor_hash, 1 FROM {dialect.QualifyTableName(AuditSql.ChainTable)} WHERE table_name = ${data.Count + 2})
                ) AS candidates ORDER BY seq DESC, anchor LIMIT 1),
            head (seq, hash) AS (SELECT seq, hash FROM ends UNION ALL SELECT 0, {genesis} WHERE NOT EXISTS (SELECT 1 FROM ends))
            """;
        var validHead = $"octet_length(h.hash) = {AuditChain.HashLength}";

        // ready: every id of the predecessor is stored, read after the lock (by the id index), so this batch follows it.
        var readyCte = after
            ? $",\n    ready AS (SELECT NOT EXISTS (SELECT 1 FROM unnest(${data.Count + 3}::uuid[]) AS p(id) WHERE NOT EXISTS (SELECT 1 FROM {table} AS t WHERE t.{id} = p.id)) AS ok)"
            : string.Empty;
        var whenReady = after ? " AND (SELECT ok FROM ready)" : string.Empty;
        var readyColumn = after ? ",\n    (SELECT ok FROM ready)" : string.Empty;

        // predicted: the links the writer computed from the head it expects (the head its last batch left), used when that
        // is the head and no id of the batch is stored; chain then links nothing, and the server hashes nothing. Any
        // other case (another instance wrote, a retry, no head known yet) is linked by chain as before.
        var predictedAt = data.Count + (after ? 4 : 3);
        var predictedSeq = $"${predictedAt}::bigint";
        var predictedHash = $"${predictedAt + 1}::bytea";
        var predictedHashes = $"${predictedAt + 2}::bytea[]";

        // rows: the batch, numbered in order. chain: one step per row of the batch, starting from a valid head only; a
        // stored row is skipped (fresh = false) and takes no sequence number. Each step reads its row's canonical bytes
        // and id from the array parameters by subscript, so a step costs the same at any batch size (a join with the
        // batch in every step made linking grow with the square of it).
        var ids = Parameter(AuditColumns.Id, idAt, "[]");
        var batch = $"""
            WITH RECURSIVE {heads}{readyCte},
            rows AS (
                SELECT * FROM unnest({string.Join(", ", data.Select((column, i) => Parameter(column, i, "[]")))}, {canonical}::bytea[])
                    WITH ORDINALITY AS r({given}, canonical, ordinal)),
            stored AS (SELECT {id} AS id FROM {table} WHERE {id} = ANY({ids})),
            predicted AS (
                SELECT EXISTS (SELECT 1 FROM head AS h WHERE h.seq = {predictedSeq} AND h.hash = {predictedHash} AND cardinality({predictedHashes}) = cardinality({ids}))
                    AND NOT EXISTS (SELECT 1 FROM stored) AS ok),
            chain (ordinal, seq, hash, fresh) AS (
                SELECT 0::bigint, h.seq, h.hash, false FROM head AS h WHERE {validHead}{whenReady} AND NOT (SELECT ok FROM predicted)
                UNION ALL
                SELECT c.ordinal + 1,
                    CASE WHEN step.skip THEN c.seq ELSE c.seq + 1 END,
                    CASE WHEN step.skip THEN c.hash ELSE sha256(c.hash || overlay(({canonical}::bytea[])[c.ordinal + 1] PLACING int8send(c.seq + 1) FROM {sequenceAt} FOR 8)) END,
                    NOT step.skip
                FROM chain AS c CROSS JOIN LATERAL (SELECT ({ids})[c.ordinal + 1] = ANY (ARRAY(SELECT id FROM stored)) AS skip) AS step
                WHERE c.ordinal < cardinality({ids})),
            linked (ordinal, seq, hash) AS (
                SELECT ordinal, seq, hash FROM chain WHERE fresh
                UNION ALL
                SELECT p.ordinal, {predictedSeq} + p.ordinal, p.hash FROM unnest({predictedHashes}) WITH ORDINALITY AS p(hash, ordinal)
                WHERE (SELECT ok FROM predicted){whenReady}),
            inserted AS (
                INSERT INTO {table} ({seq}, {given}, {hash})
                SELECT c.seq, {string.Join(", ", data.Select(column => "r." + C(column)))}, c.hash FROM rows AS r JOIN linked AS c ON c.ordinal = r.ordinal
                RETURNING 1)
            SELECT
                (SELECT count(*) FROM inserted),
                coalesce((SELECT seq FROM linked ORDER BY ordinal DESC LIMIT 1), (SELECT seq FROM ends)),
                coalesce((SELECT hash FROM linked ORDER BY ordinal DESC LIMIT 1), (SELECT hash FROM ends)),
                ARRAY(SELECT id FROM stored){readyColumn}
            """;

        // next: the row linked to the head, unless its id is stored.
        var one = $"""
            WITH {heads}{readyCte},
            stored AS (SELECT {id} AS id FROM {table} WHERE {id} = {Parameter(AuditColumns.Id, idAt)}),
            next (seq, hash) AS (
                SELECT h.seq + 1, sha256(h.hash || overlay({canonical}::bytea PLACING int8send(h.seq + 1) FROM {sequenceAt} FOR 8)) FROM head AS h
                WHERE {validHead} AND NOT EXISTS (SELECT 1 FROM stored){whenReady}),
            inserted AS (
                INSERT INTO {table} ({seq}, {given}, {hash})
                SELECT n.seq, {string.Join(", ", data.Select((column, i) => Parameter(column, i)))}, n.hash FROM next AS n
                RETURNING 1)
            SELECT
                (SELECT count(*) FROM inserted),
                coalesce((SELECT seq FROM next), (SELECT seq FROM ends)),
                coalesce((SELECT hash FROM next), (SELECT hash FROM ends)),
                ARRAY(SELECT id FROM stored){readyColumn}
            """;
        return (batch, one);
    }
}
