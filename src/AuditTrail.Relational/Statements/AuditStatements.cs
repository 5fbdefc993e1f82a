namespace AuditTrail.Relational;

/// <summary>
/// The SQL text of one store, built once: the table name is fixed per store, so only the WHERE clause and
/// its parameters vary per call.
/// </summary>
internal sealed class AuditStatements
{
    /// <summary>How far below To a keyset position must be for the position alone to bound a page from above.</summary>
    private static readonly TimeSpan KeysetMargin = TimeSpan.FromMilliseconds(1);

    private readonly IAuditSqlDialect _dialect;

    public AuditStatements(IAuditSqlDialect dialect, string tableName)
    {
        _dialect = dialect;
        TableName = tableName;
        Table = dialect.QualifyTableName(tableName);
        VersionTable = dialect.QualifyTableName(AuditSql.SchemaVersionTable);

        // Each stored column under its field's name (what AuditRow.SlotOf matches, besides the column names).
        SelectColumns = string.Join(", ", [
            Alias(AuditColumns.Seq, nameof(AuditRow.Seq)),
            .. AuditRecordFields.Stored.Select(field => Alias(field.Column, field.Name)),
        ]);
        SummaryColumns = string.Join(", ", AuditRecordFields.Summary.Select(field => Alias(field.Column, field.Name)));

        NewestFirst = $"ORDER BY {Column(AuditColumns.OccurredAt)} DESC, {Column(AuditColumns.Id)} DESC";
        Insert = dialect.InsertIfAbsentStatement(tableName, AuditColumns.Inserted);
        CreateVersionTable = dialect.CreateSchemaVersionTableStatement(AuditSql.SchemaVersionTable);
        CurrentVersion = $"SELECT MAX(version) FROM {VersionTable} WHERE table_name = @tableName";
        RecordVersion = $"INSERT INTO {VersionTable} (table_name, version, description) VALUES (@tableName, @version, @description)";
        NewestRecordedAt = $"SELECT MAX({Column(AuditColumns.RecordedAt)}) FROM {Table}";

        var seq = Column(AuditColumns.Seq);
        var hash = Column(AuditColumns.Hash);
        ChainTable = dialect.QualifyTableName(AuditSql.ChainTable);
        ChainLock = dialect.ChainLockStatement(tableName);
        var rewriteLock = dialect.RewriteLockStatement(tableName);
        RewriteLock = rewriteLock ?? ChainLock;
        PurgeLocks = rewriteLock is null ? [ChainLock] : [rewriteLock, ChainLock];
        Head = $"SELECT {seq} AS {nameof(ChainLinkRow.Sequence)}, {hash} AS {nameof(ChainLinkRow.Hash)} FROM {Table} ORDER BY {seq} DESC {dialect.LimitClause("@one")}";
        Anchor = $"SELECT anchor_seq AS {nameof(ChainLinkRow.Sequence)}, anchor_hash AS {nameof(ChainLinkRow.Hash)} FROM {ChainTable} WHERE table_name = @tableName";
        UpdateAnchor = $"UPDATE {ChainTable} SET anchor_seq = @sequence, anchor_hash = @hash WHERE table_name = @tableName";
        InsertAnchor = $"INSERT INTO {ChainTable} (table_name, anchor_seq, anchor_hash) VALUES (@tableName, @sequence, @hash)";
        OldestLinks = $"SELECT {seq} AS {nameof(ChainLinkRow.Sequence)}, {hash} AS {nameof(ChainLinkRow.Hash)}, " +
            $"{Column(AuditColumns.OccurredAt)} AS {nameof(ChainLinkRow.OccurredAt)} FROM {Table} ORDER BY {seq} {dialect.LimitClause("@limit")}";
        DeleteThrough = $"DELETE FROM {Table} WHERE {seq} <= @through";
    }

    public string ChainTable { get; }

    /// <summary>The dialect's statement that serializes chain writers, or <see langword="null"/> when the write transaction already does.</summary>
    public string? ChainLock { get; }

    /// <summary>The statement a rewrite in place (erasure, tombstones) runs first: the dialect's rewrite lock, or the chain lock when it has none.</summary>
    public string? RewriteLock { get; }

    /// <summary>The statements a purge runs first, in this order: the rewrite lock, when the dialect has one, then the chain lock.</summary>
    public IReadOnlyList<string?> PurgeLocks { get; }

    public string Head { get; }

    public string Anchor { get; }

    public string UpdateAnchor { get; }

    public string InsertAnchor { get; }

    public string OldestLinks { get; }

    public string DeleteThrough { get; }

    /// <summary>The links after a sequence number, with the hash: <paramref name="after"/> and <paramref name="limit"/> are bound through <paramref name="parameters"/>.</summary>
    public string ChainPage(long after, int limit, AuditSqlParameters parameters)
    {
        var seq = Column(AuditColumns.Seq);
        return $"SELECT {SelectColumns}, {Column(AuditColumns.Hash)} AS {nameof(AuditRow.Hash)}{TombstoneColumn} FROM {Table} " +
            $"WHERE {seq} > {parameters.Add(after)} ORDER BY {seq} {_dialect.LimitClause(parameters.Add(limit))}";
    }

    /// <summary>The tombstone and content digest columns, with a leading comma, when the dialect has it; empty otherwise.</summary>
    public string TombstoneColumn => _dialect.SupportsRowRewrites
        ? $", {Column(AuditColumns.Tombstone)} AS {nameof(AuditRow.Tombstone)}, {Column(AuditColumns.ContentDigest)} AS {nameof(AuditRow.ContentDigest)}"
        : string.Empty;

    public string ExistingIds(IReadOnlyList<object> ids, AuditSqlParameters parameters) =>
        $"SELECT {Column(AuditColumns.Id)} FROM {Table} WHERE {Column(AuditColumns.Id)} IN ({string.Join(", ", ids.Select(parameters.Add))})";

    public string TableName { get; }

    public string Table { get; }

    public string VersionTable { get; }

    public string SelectColumns { get; }

    /// <summary>The columns of <see cref="AuditRecordFields.Summary"/>, each under its field's name.</summary>
    public string SummaryColumns { get; }

    public string NewestFirst { get; }

    public string Insert { get; }

    public string CreateVersionTable { get; }

    public string CurrentVersion { get; }

    public string RecordVersion { get; }

    public string NewestRecordedAt { get; }

    public string Column(string name) => _dialect.QuoteIdentifier(name);

    /// <summary>
    /// <paramref name="column"/> equals the text bound to <paramref name="placeholder"/>, exactly and ordinally
    /// (<see cref="IAuditSqlDialect.TextEqualsAnyPredicate"/>: T-SQL's <c>=</c> alone ignores trailing spaces).
    /// </summary>
    public string TextIs(string column, string placeholder) => _dialect.TextEqualsAnyPredicate(Column(column), [placeholder]);

    /// <summary>A page of the filter's records, every column or (<paramref name="summary"/>) those of <see cref="SummaryColumns"/>.</summary>
    public string Query(AuditFilter filter, AuditPosition? after, int limit, AuditSqlParameters parameters, bool summary = false)
    {
        var columns = summary ? SummaryColumns : SelectColumns;
        if (filter.ScopeActorId is { } viewer && filter.ScopeIncludesTargetUser)
        {
            return ActorOrTargetUserQuery(filter, viewer, after, limit, parameters, columns);
        }

        var where = Where(filter, after, parameters);
        return $"SELECT {columns} FROM {Table}{where} {NewestFirst} {_dialect.LimitClause(parameters.Add(limit))}";
    }

    /// <summary>
    /// A page of "actor or target user is the viewer" as two pages merged: the viewer's own actions, and the records
    /// about them that others did, each a seek of its (column, occurred_at, id) index that stops at the limit. With the
    /// OR in one WHERE a database reads every one of the viewer's rows and sorts them for each page.
    /// </summary>
    private string ActorOrTargetUserQuery(AuditFilter filter, string viewer, AuditPosition? after, int limit, AuditSqlParameters parameters, string columns)
    {
        var limitClause = _dialect.LimitClause(parameters.Add(limit));
        var (own, about) = OwnAndAbout(filter, viewer, after, parameters);

        string Page(List<string> conditions) =>
            $"SELECT * FROM (SELECT {columns} FROM {Table} WHERE {string.Join(" AND ", conditions)} {NewestFirst} {limitClause}) AS page";

        return $"SELECT * FROM ({Page(own)} UNION ALL {Page(about)}) AS scoped " +
            $"ORDER BY {AuditRecordFields.OccurredAt.Name} DESC, {AuditRecordFields.Id.Name} DESC {limitClause}";
    }

    /// <summary>
    /// The conditions of a viewer's scope split in two that never overlap, each led by the column its index seeks: the
    /// viewer's own actions, and the records about them that others did (with the filter's other conditions in both).
    /// </summary>
    private (List<string> Own, List<string> About) OwnAndAbout(AuditFilter filter, string viewer, AuditPosition? after, AuditSqlParameters parameters)
    {
        var others = filter with { ScopeActorId = null, ScopeIncludesTargetUser = false };

        var own = Conditions(others, after, parameters);
        own.Insert(0, TextEquals(AuditColumns.ActorId, viewer, parameters));

        var about = Conditions(others, after, parameters);
        var aboutViewer = parameters.Add(_dialect.ToDbText(viewer));
        about.Insert(0, _dialect.TextEqualsAnyPredicate(Column(AuditColumns.TargetUserId), [aboutViewer]));
        about.Insert(1, $"NOT ({_dialect.TextEqualsAnyPredicate(Column(AuditColumns.ActorId), [aboutViewer])})");
        return (own, about);
    }

    /// <summary>The rows among <paramref name="sequences"/> that pass the other filters and the search's confirming predicate.</summary>
    public string QueryCandidates(IReadOnlyList<long> sequences, AuditFilter others, AuditPosition? after, string confirm, AuditSqlParameters parameters)
    {
        var conditions = Conditions(others, after, parameters);
        conditions.Insert(0, $"{Column(AuditColumns.Seq)} IN ({string.Join(", ", sequences.Select(sequence => parameters.Add(sequence)))})");
        conditions.Add($"({confirm})");
        return $"SELECT {SelectColumns} FROM {Table} WHERE {string.Join(" AND ", conditions)}";
    }

    /// <summary>
    /// The matching rows stored before sequence <paramref name="below"/> that sort before <paramref name="bound"/>
    /// (newer, or as new with a greater id). The unary plus keeps the sequence out of index selection, so the
    /// time index bounds the scan to rows newer than the bound.
    /// </summary>
    public string QueryStoredBefore(long below, AuditPosition bound, AuditFilter others, AuditPosition? after, string confirm, AuditSqlParameters parameters)
    {
        var conditions = Conditions(others, after, parameters);
        var occurredAt = Column(AuditColumns.OccurredAt);
        var time = parameters.Add(_dialect.ToDbTime(bound.OccurredAt));
        var id = parameters.Add(_dialect.ToDbId(bound.Id));
        conditions.Add($"{occurredAt} >= {time} AND ({occurredAt} > {time} OR {Column(AuditColumns.Id)} > {id})");
        conditions.Add($"+{Column(AuditColumns.Seq)} < {parameters.Add(below)}");
        conditions.Add($"({confirm})");
        return $"SELECT {SelectColumns} FROM {Table} WHERE {string.Join(" AND ", conditions)}";
    }

    public string ChainPositionOf(Guid id, AuditSqlParameters parameters) =>
        $"SELECT {Column(AuditColumns.Seq)} AS {nameof(ChainLinkRow.Sequence)}, {Column(AuditColumns.Hash)} AS {nameof(ChainLinkRow.Hash)} " +
        $"FROM {Table} WHERE {Column(AuditColumns.Id)} = {parameters.Add(_dialect.ToDbId(id))}";

    public string Get(Guid id, AuditSqlParameters parameters) =>
        $"SELECT {SelectColumns} FROM {Table} WHERE {Column(AuditColumns.Id)} = {parameters.Add(_dialect.ToDbId(id))}";

    /// <summary>
    /// The oldest time the filter matches. A viewer's scope takes the older of two minimums (their own actions, the records
    /// about them), each the first entry of its index; one MIN over the OR read every row of the viewer's.
    /// </summary>
    public string OldestOccurredAt(AuditFilter filter, AuditSqlParameters parameters)
    {
        var occurredAt = Column(AuditColumns.OccurredAt);
        if (filter.ScopeActorId is not { } viewer || !filter.ScopeIncludesTargetUser)
        {
            return $"SELECT MIN({occurredAt}) FROM {Table}{Where(filter, null, parameters)}";
        }

        var (own, about) = OwnAndAbout(filter, viewer, null, parameters);
        return $"SELECT MIN(oldest) FROM (SELECT MIN({occurredAt}) AS oldest FROM {Table} WHERE {string.Join(" AND ", own)} " +
            $"UNION ALL SELECT MIN({occurredAt}) AS oldest FROM {Table} WHERE {string.Join(" AND ", about)}) AS parts";
    }

    public string Count(AuditFilter filter, AuditSqlParameters parameters) =>
        $"SELECT {_dialect.CountAllExpression} FROM {Table}{Where(filter, null, parameters)}";

    /// <summary>The filter's rows counted up to <paramref name="limit"/>: the database stops reading at the limit.</summary>
    public string CountUpTo(AuditFilter filter, long limit, AuditSqlParameters parameters)
    {
        var fromWhere = $"FROM {Table}{Where(filter, null, parameters)}";
        return _dialect.CountUpToStatement(fromWhere, parameters.Add(limit));
    }

    /// <summary>
    /// One chunk of a search's candidates, counted in the database (<see cref="CandidateCountRow"/>): how many the index
    /// gave, the lowest (where the next chunk starts) and how many of them pass the other filters and the confirming
    /// predicate. The candidates stay in the statement rather than coming back as thousands of parameters.
    /// </summary>
    public string CountCandidates(string candidatesStatement, AuditFilter others, string confirm, AuditSqlParameters parameters)
    {
        var conditions = Conditions(others, null, parameters);
        conditions.Insert(0, $"{Column(AuditColumns.Seq)} IN (SELECT candidate FROM candidates)");
        conditions.Add($"({confirm})");
        return $"WITH candidates (candidate) AS ({candidatesStatement}) " +
            $"SELECT (SELECT {_dialect.CountAllExpression} FROM candidates) AS {nameof(CandidateCountRow.Examined)}, " +
            $"(SELECT MIN(candidate) FROM candidates) AS {nameof(CandidateCountRow.Lowest)}, " +
            $"(SELECT {_dialect.CountAllExpression} FROM {Table} WHERE {string.Join(" AND ", conditions)}) AS {nameof(CandidateCountRow.Counted)}";
    }

    public string ActorFacets(AuditFilter filter, AuditSqlParameters parameters)
    {
        var actorId = Column(AuditColumns.ActorId);
        var seq = Column(AuditColumns.Seq);
        var matching = Conditions(filter, null, parameters);
        matching.Insert(0, _dialect.TextEqualsAnyPredicate(actorId, ["actors.actor_key"]));

        // One row per actor: its newest matching record, found by seeking the (actor_id, occurred_at, id) index
        // once per distinct actor rather than sorting every matching row (as a window function would).
        var newestOfActor = $"SELECT {seq} FROM {Table} WHERE {string.Join(" AND ", matching)} {NewestFirst} {_dialect.LimitClause(parameters.Add(1))}";
        return $"SELECT {actorId} AS {nameof(ActorFacetRow.ActorId)}, " +
            $"{Column(AuditColumns.ActorName)} AS {nameof(ActorFacetRow.ActorName)}, " +
            $"{Column(AuditColumns.ActorType)} AS {nameof(ActorFacetRow.ActorType)} " +
            $"FROM {Table} WHERE {seq} IN (SELECT ({newestOfActor}) " +
            $"FROM (SELECT DISTINCT {DistinctText(actorId, "actor_key")} FROM {Table}{Where(filter, null, parameters)}) actors)";
    }

    /// <summary>
    /// The matching rows counted per histogram bucket and action type. The bucket number comes from the dialect's
    /// <see cref="IAuditSqlDialect.HistogramBucketExpression"/>, grouped in an outer query so every database can name it.
    /// </summary>
    public string Histogram(AuditFilter filter, AuditHistogramBuckets buckets, AuditSqlParameters parameters)
    {
        var where = Where(filter, null, parameters);
        var bucket = _dialect.HistogramBucketExpression(Column(AuditColumns.OccurredAt), buckets, parameters);
        return $"SELECT bucket AS {nameof(HistogramCellRow.Bucket)}, action_type AS {nameof(HistogramCellRow.ActionType)}, " +
            $"{_dialect.CountAllExpression} AS {nameof(HistogramCellRow.Count)} " +
            $"FROM (SELECT {bucket} AS bucket, {Column(AuditColumns.ActionType)} AS action_type FROM {Table}{where}) AS cells " +
            "GROUP BY bucket, action_type";
    }

    /// <summary>The distinct values of a text column among the filter's rows, in its first column.</summary>
    public string DistinctValues(string column, AuditFilter filter, AuditSqlParameters parameters) =>
        $"SELECT DISTINCT {DistinctText(Column(column), null)} FROM {Table}{Where(filter, null, parameters)}";

    /// <summary>A text column for <c>SELECT DISTINCT</c>, with the dialect's key that keeps values differing by trailing spaces apart.</summary>
    private string DistinctText(string column, string? alias)
    {
        var selected = alias is null ? column : $"{column} AS {alias}";
        return _dialect.DistinctTextKey(column) is { } key ? $"{selected}, {key}{(alias is null ? string.Empty : $" AS {alias}_length")}" : selected;
    }

    /// <summary>Translates every field of the filter, scope included, into one AND-ed WHERE clause (or nothing).</summary>
    public string Where(AuditFilter filter, AuditPosition? after, AuditSqlParameters parameters)
    {
        var conditions = Conditions(filter, after, parameters);
        return conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
    }

    /// <summary>The conditions of <see cref="Where"/>, unqualified, so they apply to whichever query reads the table.</summary>
    public List<string> Conditions(AuditFilter filter, AuditPosition? after, AuditSqlParameters parameters)
    {
        var conditions = new List<string>();

        // Scope first: it is what keeps one viewer out of another's records, so it never depends on the rest.
        if (filter.ScopeActorId is not null && filter.ScopeIncludesTargetUser)
        {
            // One parameter for both sides; each side can seek its own (column, occurred_at, id) index.
            var viewer = parameters.Add(_dialect.ToDbText(filter.ScopeActorId));
            conditions.Add($"({_dialect.TextEqualsAnyPredicate(Column(AuditColumns.ActorId), [viewer])} " +
                $"OR {_dialect.TextEqualsAnyPredicate(Column(AuditColumns.TargetUserId), [viewer])})");
        }
        else if (filter.ScopeActorId is not null)
        {
            conditions.Add(TextEquals(AuditColumns.ActorId, filter.ScopeActorId, parameters));
        }

        if (filter.ScopeTenantId is not null)
        {
            conditions.Add(TextEquals(AuditColumns.TenantId, filter.ScopeTenantId, parameters));
        }

        AddIn(conditions, AuditColumns.ActionType, filter.ActionTypes?.Select(AuditEnumNames.Format), parameters);
        AddIn(conditions, AuditColumns.Action, filter.Actions, parameters);
        AddIn(conditions, AuditColumns.ActorId, filter.ActorIds, parameters);
        AddEquals(conditions, AuditColumns.TargetUserId, filter.TargetUserId, parameters);
        AddEquals(conditions, AuditColumns.ResourceType, filter.ResourceType, parameters);
        AddEquals(conditions, AuditColumns.ResourceId, filter.ResourceId, parameters);
        AddEquals(conditions, AuditColumns.Outcome, filter.Outcome is { } outcome ? AuditEnumNames.Format(outcome) : null, parameters);
        AddEquals(conditions, AuditColumns.SourceIp, filter.SourceIp, parameters);
        AddEquals(conditions, AuditColumns.TenantId, filter.TenantId, parameters);
        AddEquals(conditions, AuditColumns.CorrelationId, filter.CorrelationId, parameters);

        if (filter.From is { } from)
        {
            conditions.Add($"{Column(AuditColumns.OccurredAt)} >= {parameters.Add(_dialect.ToDbTime(from))}");
        }

        // Below a keyset position the position is the upper bound; a second one (To) lets SQLite's planner seek from To
        // instead, so each page of a stream walked again every row of the pages before it. A margin far above any
        // store's time precision keeps To where rounding could make the position not imply it.
        if (filter.To is { } to && !(after is { } below && below.OccurredAt < to - KeysetMargin))
        {
            conditions.Add($"{Column(AuditColumns.OccurredAt)} < {parameters.Add(_dialect.ToDbTime(to))}");
        }

        // An empty search text is a substring of everything: it restricts nothing.
        if (!string.IsNullOrEmpty(filter.Search))
        {
            conditions.Add($"({_dialect.SearchPredicate(TableName, filter.Search, parameters)})");
        }

        if (after is { } position)
        {
            var time = parameters.Add(_dialect.ToDbTime(position.OccurredAt));
            var id = parameters.Add(_dialect.ToDbId(position.Id));
            conditions.Add($"({_dialect.KeysetPredicate(time, id)})");
        }

        return conditions;
    }

    private void AddEquals(List<string> conditions, string column, string? value, AuditSqlParameters parameters)
    {
        if (value is not null)
        {
            conditions.Add(TextEquals(column, value, parameters));
        }
    }

    private string TextEquals(string column, string value, AuditSqlParameters parameters) =>
        _dialect.TextEqualsAnyPredicate(Column(column), [parameters.Add(_dialect.ToDbText(value))]);

    private void AddIn(List<string> conditions, string column, IEnumerable<string>? values, AuditSqlParameters parameters)
    {
        if (values is null)
        {
            return;
        }

        var placeholders = new List<string>();
        foreach (var value in values.Select(_dialect.ToDbText).Distinct(StringComparer.Ordinal))
        {
            placeholders.Add(parameters.Add(value));
        }

        if (placeholders.Count > 0)
        {
            conditions.Add(_dialect.TextEqualsAnyPredicate(Column(column), placeholders));
        }
    }

    private string Alias(string column, string alias) => $"{Column(column)} AS {alias}";
}
