namespace AuditTrail.Relational;

/// <summary>
/// The only two changes a stored audit row may undergo (docs/integrity.md), for a dialect's append-only guard: a
/// <b>tombstoning</b>, which keeps <see cref="TombstoneKept"/>, empties the rest and sets <see cref="AuditColumns.Tombstone"/>
/// and <see cref="AuditColumns.ContentDigest"/>; and an <b>erasure</b>, which puts a pseudonym
/// (<see cref="AuditPseudonym.Prefix"/>…) in the place of the actor or target user id and clears that person's
/// <see cref="ErasureCleared"/> fields, keeping everything else. Every other UPDATE is refused.
/// </summary>
public static class AuditRowRewrites
{
    /// <summary>The columns a tombstone keeps as they were.</summary>
    public static IReadOnlyList<string> TombstoneKept { get; } =
    [
        AuditColumns.Seq, AuditColumns.Id, AuditColumns.OccurredAt, AuditColumns.RecordedAt, AuditColumns.ActorType, AuditColumns.Action,
        AuditColumns.ActionType, AuditColumns.Outcome, AuditColumns.TenantId, AuditColumns.Hash,
    ];

    /// <summary>
    /// The nullable columns a tombstone sets to NULL. The actor id becomes empty and the target user id NULL, unless
    /// an erasure made them pseudonyms, which stay (the erasure's digest finds the row by them); the changes and
    /// metadata become empty JSON.
    /// </summary>
    public static IReadOnlyList<string> TombstoneCleared { get; } =
    [
        AuditColumns.ActorName, AuditColumns.FailureReason, AuditColumns.ResourceType, AuditColumns.ResourceId, AuditColumns.ResourceName,
        AuditColumns.Description, AuditColumns.SourceIp, AuditColumns.SourceIpAsHashed, AuditColumns.UserAgent, AuditColumns.CorrelationId,
        AuditColumns.TargetUserName,
    ];

    /// <summary>
    /// The columns an erasure may set to NULL: the actor's name, source IP (both forms) and user agent, only when the same
    /// UPDATE puts a pseudonym in the place of the actor id; and the target user's name, only when it does so for the
    /// target user id.
    /// </summary>
    public static IReadOnlyList<string> ErasureCleared { get; } =
    [
        AuditColumns.ActorName, AuditColumns.SourceIp, AuditColumns.SourceIpAsHashed, AuditColumns.UserAgent, AuditColumns.TargetUserName,
    ];

    /// <summary>The columns of <see cref="ErasureCleared"/> that are the actor's: cleared only with the actor id.</summary>
    private static readonly string[] ErasureClearedWithActor =
        [AuditColumns.ActorName, AuditColumns.SourceIp, AuditColumns.SourceIpAsHashed, AuditColumns.UserAgent];

    /// <summary>The columns an erasure keeps as they were: all but the ids it pseudonymises and <see cref="ErasureCleared"/>.</summary>
    public static IReadOnlyList<string> ErasureKept { get; } =
    [
        .. AuditColumns.Inserted.Except([AuditColumns.ActorId, AuditColumns.TargetUserId, .. ErasureCleared]),
        AuditColumns.ContentDigest,
    ];

    /// <summary>
    /// A boolean SQL expression, true exactly when the update of row <paramref name="oldRow"/> into
    /// <paramref name="newRow"/> is one of the two sanctioned rewrites. It may be NULL where the dialect compares
    /// NULLs so: wrap it (<c>CASE WHEN … THEN 1 ELSE 0 END</c>, <c>COALESCE(…, false)</c>) before refusing on it. It
    /// may tighten in a later version (it did, so that an erasure clears a person's fields only with their id): a
    /// dialect then replaces its guard in a new migration, since a database runs each migration once.
    /// </summary>
    /// <param name="dialect">The dialect that quotes the columns.</param>
    /// <param name="oldRow">The row before the update (<c>old</c>, <c>OLD</c>, <c>d</c>).</param>
    /// <param name="newRow">The row after it (<c>new</c>, <c>NEW</c>, <c>i</c>).</param>
    /// <param name="same">A NULL-safe equality of two column references (<c>a IS b</c>, <c>a IS NOT DISTINCT FROM b</c>).</param>
    /// <returns>The expression.</returns>
    public static string SanctionedUpdatePredicate(IAuditSqlDialect dialect, string oldRow, string newRow, Func<string, string, string> same) =>
        SanctionedUpdatePredicate(dialect, oldRow, newRow, same, (column, literal) => $"{column} = {literal}");

    /// <summary>
    /// <see cref="SanctionedUpdatePredicate(IAuditSqlDialect, string, string, Func{string, string, string})"/>, with
    /// <paramref name="isLiteral"/> as the test that a tombstone left a column exactly empty (<c>''</c>, <c>'[]'</c>,
    /// <c>'{}'</c>), for a dialect whose <c>=</c> alone is not exact (T-SQL's ignores trailing spaces).
    /// </summary>
    /// <param name="dialect">The dialect that quotes the columns.</param>
    /// <param name="oldRow">The row before the update.</param>
    /// <param name="newRow">The row after it.</param>
    /// <param name="same">A NULL-safe equality of two column references.</param>
    /// <param name="isLiteral">An exact equality of a column reference and a quoted string literal such as <c>'[]'</c>.</param>
    /// <returns>The expression.</returns>
    public static string SanctionedUpdatePredicate(IAuditSqlDialect dialect, string oldRow, string newRow, Func<string, string, string> same, Func<string, string, string> isLiteral)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(same);
        ArgumentNullException.ThrowIfNull(isLiteral);
        string O(string column) => $"{oldRow}.{dialect.QuoteIdentifier(column)}";
        string N(string column) => $"{newRow}.{dialect.QuoteIdentifier(column)}";
        string Pseudonymised(string column) => $"({same(O(column), N(column))} OR {N(column)} LIKE '{AuditPseudonym.Prefix}%')";

        // A person's fields go only with their id, in the UPDATE that puts the pseudonym in its place: an id that had a
        // pseudonym's form before (recorded so, or erased earlier, which cleared the fields then) clears nothing.
        string PseudonymisedNow(string column) => $"(NOT ({same(O(column), N(column))}) AND {N(column)} LIKE '{AuditPseudonym.Prefix}%')";
        string ClearedWith(string column, string id) => $"({same(O(column), N(column))} OR ({N(column)} IS NULL AND {PseudonymisedNow(id)}))";

        string[] tombstoning =
        [
            $"{O(AuditColumns.Tombstone)} IS NULL", $"{N(AuditColumns.Tombstone)} IS NOT NULL", $"{N(AuditColumns.ContentDigest)} IS NOT NULL",
            .. TombstoneKept.Select(column => same(O(column), N(column))),
            $"({isLiteral(N(AuditColumns.ActorId), "''")} OR ({same(O(AuditColumns.ActorId), N(AuditColumns.ActorId))} AND {N(AuditColumns.ActorId)} LIKE '{AuditPseudonym.Prefix}%'))",
            $"({N(AuditColumns.TargetUserId)} IS NULL OR ({same(O(AuditColumns.TargetUserId), N(AuditColumns.TargetUserId))} AND {N(AuditColumns.TargetUserId)} LIKE '{AuditPseudonym.Prefix}%'))",
            isLiteral(N(AuditColumns.Changes), $"'{AuditStoredJson.NoChanges}'"),
            isLiteral(N(AuditColumns.Metadata), $"'{AuditStoredJson.NoMetadata}'"),
            .. TombstoneCleared.Select(column => $"{N(column)} IS NULL"),
        ];
        string[] erasure =
        [
            $"{O(AuditColumns.Tombstone)} IS NULL", $"{N(AuditColumns.Tombstone)} IS NULL",
            .. ErasureKept.Select(column => same(O(column), N(column))),
            Pseudonymised(AuditColumns.ActorId),
            Pseudonymised(AuditColumns.TargetUserId),
            .. ErasureClearedWithActor.Select(column => ClearedWith(column, AuditColumns.ActorId)),
            ClearedWith(AuditColumns.TargetUserName, AuditColumns.TargetUserId),
        ];
        return $"(({string.Join(" AND ", tombstoning)}) OR ({string.Join(" AND ", erasure)}))";
    }
}
