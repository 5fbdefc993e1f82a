using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// A page of a search through the dialect's <see cref="IAuditSqlDialect.IndexedSearch"/>: index candidates are taken
/// newest sequence first, in growing chunks, and confirmed with the other filters until a page is full. Sequence order
/// is not time order (an event can be logged with an earlier time than one stored before it), so one more indexed query
/// then fetches every row below the last candidate that sorts before the page's last row; the page is exactly the one
/// the single-query search would return.
/// </summary>
internal sealed class AuditIndexedSearchReader(AuditConnections connections, AuditStatements sql, AuditRecordMapper mapper)
{
    /// <summary>How many full-text candidates an indexed search examines for one page before it asks one query instead.</summary>
    private const int MaxCandidates = 20_000;

    private const int MaxChunk = 4_096;

    /// <summary>The most candidates one chunk of a capped count examines: they stay in the database, so a chunk can be large.</summary>
    private const int MaxCountChunk = 16_384;

    /// <summary>The fewest candidates a chunk of a count examines.</summary>
    private const int MinCountChunk = 64;

    /// <summary>The first chunk of a count with a time limit: small enough to end within a UI's limit, large enough to time.</summary>
    private const int FirstTimedCountChunk = 1_024;

    /// <summary>
    /// The page, or <see langword="null"/> when the dialect has no indexed search or the candidates run past
    /// <see cref="MaxCandidates"/> without filling a page (a rare term under selective filters), for the single query to answer.
    /// </summary>
    public async Task<IReadOnlyList<AuditRecord>?> SearchPageAsync(AuditFilter filter, string search, AuditPosition? after, int limit, CancellationToken cancellationToken)
    {
        var others = filter with { Search = null };
        var found = new List<AuditRecord>();
        var below = long.MaxValue;
        var chunk = Math.Max(64, limit + 1);
        var examined = 0;

        if (IndexedChunk(search, below, chunk) is not { } current)
        {
            return null;
        }

        var connection = await connections.OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            while (true)
            {
                var (indexed, parameters) = current;
                var candidates = (await connection.QueryAsync<long>(AuditConnections.Command(indexed.CandidatesStatement, parameters, cancellationToken)).ConfigureAwait(false)).AsList();
                if (candidates.Count > 0)
                {
                    below = candidates[^1];
                    var statement = sql.QueryCandidates(candidates, others, after, indexed.ConfirmPredicate, parameters);
                    var rows = await connections.QueryRowsAsync(connection, statement, parameters, cancellationToken).ConfigureAwait(false);
                    found.AddRange(rows.Select(mapper.ToRecord));
                }

                examined += candidates.Count;
                if (candidates.Count < chunk)
                {
                    // The index has no more candidates: everything that matches was confirmed or rejected.
                    return SortAndTake(found, limit);
                }

                if (found.Count >= limit)
                {
                    break;
                }

                if (examined >= MaxCandidates)
                {
                    return null;
                }

                chunk = Math.Min(chunk * 4, MaxChunk);
                current = IndexedChunk(search, below, chunk)!.Value;
            }

            // Rows below the last candidate that sort before the page's last row: stored out of time order.
            var last = SortAndTake(found, limit)[^1];
            var (lateSearch, lateParameters) = IndexedChunk(search, below, chunk)!.Value;
            var lateSql = sql.QueryStoredBefore(below, new AuditPosition(last.OccurredAt, last.Id), others, after, lateSearch.ConfirmPredicate, lateParameters);
            var late = await connections.QueryRowsAsync(connection, lateSql, lateParameters, cancellationToken).ConfigureAwait(false);
            found.AddRange(late.Select(mapper.ToRecord));
            return SortAndTake(found, limit);
        }
    }

    /// <summary>
    /// The matching rows counted up to <paramref name="limit"/> from the index's candidates, newest first, in chunks
    /// confirmed with the other filters; or <see langword="null"/> when the dialect has no indexed search or the
    /// candidates run past what a count may examine without reaching the limit (selective filters), for the single
    /// capped statement to answer. Order does not matter to a count, so no stored-out-of-order pass is needed.
    /// With a <paramref name="deadline"/>, each chunk is sized to end within it from the time the chunks so far took,
    /// and the count stops, as a lower bound, when the next chunk would not.
    /// </summary>
    public async Task<AuditCount?> CountUpToAsync(AuditFilter filter, string search, long limit, AuditCountDeadline? deadline, CancellationToken cancellationToken)
    {
        var others = filter with { Search = null };
        var below = long.MaxValue;
        var chunk = (int)Math.Clamp(limit, MinCountChunk, deadline is null ? MaxCountChunk : FirstTimedCountChunk);
        var maxExamined = Math.Max(MaxCandidates, Math.Min(limit, int.MaxValue / 4) * 4);
        long counted = 0;
        long examined = 0;

        if (IndexedChunk(search, below, chunk) is not { } current)
        {
            return null;
        }

        var connection = await connections.OpenForFilterAsync(filter, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            while (true)
            {
                var (indexed, parameters) = current;
                var statement = sql.CountCandidates(indexed.CandidatesStatement, others, indexed.ConfirmPredicate, parameters);
                var row = await connection.QuerySingleAsync<CandidateCountRow>(AuditConnections.Command(statement, parameters, cancellationToken)).ConfigureAwait(false);
                counted += row.Counted;
                examined += row.Examined;
                if (counted >= limit)
                {
                    return new AuditCount(limit, IsLowerBound: false);
                }

                if (row.Examined < chunk || row.Lowest is not { } lowest)
                {
                    // The index has no more candidates: every match was counted.
                    return new AuditCount(counted, IsLowerBound: false);
                }

                if (deadline is { } time)
                {
                    // The next chunk gets what the time left allows; too little left, and the count stops.
                    var fits = time.CandidatesThatFit(row.Examined);
                    if (fits < MinCountChunk)
                    {
                        return new AuditCount(counted, IsLowerBound: true);
                    }

                    chunk = (int)Math.Min(fits, MaxCountChunk);
                }
                else if (examined >= maxExamined)
                {
                    return null;
                }

                below = lowest;
                current = IndexedChunk(search, below, chunk)!.Value;
            }
        }
    }

    /// <summary>
    /// The statements of one chunk: up to <paramref name="chunk"/> candidates below sequence <paramref name="below"/>, or
    /// <see langword="null"/> when the dialect has no indexed search. Every statement of a chunk shares one parameter set:
    /// the dialect binds the search once, and the candidates query and the confirming queries each use the part they need.
    /// </summary>
    private (AuditIndexedSearch Search, AuditSqlParameters Parameters)? IndexedChunk(string search, long below, int chunk)
    {
        var parameters = new AuditSqlParameters();
        var statements = connections.Dialect.IndexedSearch(sql.TableName, search, parameters, parameters.Add(below), parameters.Add(chunk));
        return statements is null ? null : (statements, parameters);
    }

    /// <summary>Newest first, as <c>ORDER BY occurred_at DESC, id DESC</c> over the stored id text.</summary>
    private static AuditRecord[] SortAndTake(List<AuditRecord> records, int limit) =>
        [.. records
            .OrderByDescending(record => record.OccurredAt)
            .ThenByDescending(record => record.Id.ToString("D"), StringComparer.Ordinal)
            .Take(limit)];
}
