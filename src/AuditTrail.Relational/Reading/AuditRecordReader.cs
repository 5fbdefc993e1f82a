using System.Runtime.CompilerServices;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>The read side of a store: pages, streams, counts, single records, facets and the newest recorded time.</summary>
internal sealed class AuditRecordReader(AuditConnections connections, AuditStatements sql, AuditRecordMapper mapper, AuditIndexedSearchReader search)
{
    /// <summary>A page of records; with <paramref name="summary"/> only their summary columns are read (a search reads them whole).</summary>
    public async Task<IReadOnlyList<AuditRecord>> QueryPageAsync(AuditFilter filter, AuditPosition? after, int limit, CancellationToken cancellationToken, bool summary = false)
    {
        if (!string.IsNullOrEmpty(filter.Search)
            && await search.SearchPageAsync(filter, filter.Search, after, limit, cancellationToken).ConfigureAwait(false) is { } page)
        {
            return page;
        }

        var parameters = new AuditSqlParameters();
        var statement = sql.Query(filter, after, limit, parameters, summary);
        var rows = await connections.QueryRowsAsync(filter, statement, parameters, cancellationToken).ConfigureAwait(false);
        return rows.Select(mapper.ToRecord).ToArray();
    }

    /// <remarks>
    /// Keyset pages rather than one open reader: no connection or read snapshot is held while the consumer is slow
    /// (in SQLite WAL an open reader would stop checkpoints and grow the log).
    /// </remarks>
    public async IAsyncEnumerable<AuditRecord> StreamAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken, bool summary = false)
    {
        await foreach (var record in AuditReadAhead.ReadAsync<AuditRecord>(
            (last, token) => QueryPageAsync(filter, last is null ? null : new AuditPosition(last.OccurredAt, last.Id), RelationalAuditStore.StreamPageSize, token, summary),
            cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    public async Task<long> CountAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var parameters = new AuditSqlParameters();
        var statement = sql.Count(filter, parameters);
        var connection = await connections.OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await connection.ExecuteScalarAsync<long>(AuditConnections.Command(statement, parameters, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The filter's rows counted up to <paramref name="limit"/>. A search the full-text index can walk counts its
    /// candidates newest first and stops at the limit; otherwise one statement stops there
    /// (<see cref="IAuditSqlDialect.CountUpToStatement"/>).
    /// </summary>
    public async Task<long> CountUpToAsync(AuditFilter filter, long limit, CancellationToken cancellationToken) =>
        (await CountUpToAsync(filter, limit, deadline: null, cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>
    /// As <see cref="CountUpToAsync(AuditFilter, long, CancellationToken)"/>; a search the index answers stops at the
    /// <paramref name="deadline"/> as a lower bound, a single statement does not.
    /// </summary>
    public async Task<AuditCount> CountUpToAsync(AuditFilter filter, long limit, AuditCountDeadline? deadline, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(filter.Search)
            && await search.CountUpToAsync(filter, filter.Search, limit, deadline, cancellationToken).ConfigureAwait(false) is { } indexed)
        {
            return indexed;
        }

        var parameters = new AuditSqlParameters();
        var statement = sql.CountUpTo(filter, limit, parameters);
        var connection = await connections.OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return new AuditCount(await connection.ExecuteScalarAsync<long>(AuditConnections.Command(statement, parameters, cancellationToken)).ConfigureAwait(false), IsLowerBound: false);
        }
    }

    public async Task<DateTimeOffset?> GetOldestOccurredAtAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var parameters = new AuditSqlParameters();
        var statement = sql.OldestOccurredAt(filter, parameters);
        var connection = await connections.OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var value = await connection.ExecuteScalarAsync<object?>(AuditConnections.Command(statement, parameters, cancellationToken)).ConfigureAwait(false);
            return value is null or DBNull ? null : connections.Dialect.FromDbTime(value);
        }
    }

    public async Task<AuditRecord?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        var parameters = new AuditSqlParameters();
        var statement = sql.Get(id, parameters);
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connections.QueryRowsAsync(connection, statement, parameters, cancellationToken).ConfigureAwait(false);
            return rows.Count == 0 ? null : mapper.ToRecord(rows[0]);
        }
    }

    public async Task<AuditFacets> GetFacetsAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        var connection = await connections.OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var actorParameters = new AuditSqlParameters();
            var actorRows = await connection.QueryAsync<ActorFacetRow>(
                AuditConnections.Command(sql.ActorFacets(filter, actorParameters), actorParameters, cancellationToken)).ConfigureAwait(false);

            var typeParameters = new AuditSqlParameters();
            var typeNames = await connection.QueryAsync<string>(
                AuditConnections.Command(sql.DistinctValues(AuditColumns.ActionType, filter, typeParameters), typeParameters, cancellationToken)).ConfigureAwait(false);

            var actionParameters = new AuditSqlParameters();
            var actions = await connection.QueryAsync<string>(
                AuditConnections.Command(sql.DistinctValues(AuditColumns.Action, filter, actionParameters), actionParameters, cancellationToken)).ConfigureAwait(false);

            var actors = actorRows
                .Select(row => new AuditActor(row.ActorId, row.ActorName, AuditEnumNames.ParseStored<AuditActorType>(row.ActorType, AuditColumns.ActorType)))
                .OrderBy(actor => actor.DisplayName, StringComparer.OrdinalIgnoreCase)
                .ThenBy(actor => actor.DisplayName, StringComparer.Ordinal)
                .ThenBy(actor => actor.Id, StringComparer.Ordinal)
                .ToArray();
            var actionTypes = typeNames
                .Select(name => AuditEnumNames.ParseStored<AuditActionType>(name, AuditColumns.ActionType))
                .Order()
                .ToArray();
            return new AuditFacets(actors, actionTypes, actions.Order(StringComparer.Ordinal).ToArray());
        }
    }

    public async Task<DateTimeOffset?> GetNewestRecordedAtAsync(CancellationToken cancellationToken)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var value = await connection.ExecuteScalarAsync<object?>(
                new CommandDefinition(sql.NewestRecordedAt, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return value is null or DBNull ? null : connections.Dialect.FromDbTime(value);
        }
    }
}
