using System.Data.Common;
using System.Globalization;
using AuditTrail.Relational;

namespace AuditTrail.Sqlite;

/// <summary>
/// The activity chart's rollup (schema v12): the records counted per UTC hour, action type and tenant in the table
/// <c>{table}_hourly</c>, kept inside every write transaction (inserts counted once per transaction since v15,
/// <see cref="SqliteHistogramRollupWrites"/>; purges and rewrites of the time, type or tenant by triggers), and filled
/// from the existing rows by the migration. It answers a histogram whose filter is only action types, tenant and time
/// (no filter, a type, the last 24 hours of an admin) from its whole hours; the partial hours at the ends and every
/// other filter are counted from the audit table as before, so both give the same counts.
/// </summary>
internal static class SqliteHistogramRollup
{
    public const int SchemaVersion = 12;

    public const int CoveringIndexesVersion = 13;

    private const long MicrosecondsPerHour = 3_600_000_000;

    public static string TableName(string auditTable) => auditTable + "_hourly";

    public static AuditSchemaMigration Migration(IAuditSqlDialect dialect, string auditTable)
    {
        var t = dialect.QuoteIdentifier(auditTable);
        var rollup = dialect.QuoteIdentifier(TableName(auditTable));
        string Trigger(string suffix) => dialect.QuoteIdentifier(auditTable + "_hourly_" + suffix);
        string C(string column) => dialect.QuoteIdentifier(column);

        string Key(string row) => SqliteHistogramRollup.Key(dialect, row);
        string Add(string row) => $"INSERT INTO {rollup} (hour, action_type, tenant_id, count) VALUES ({Key(row)}, 1) ON CONFLICT (hour, action_type, tenant_id) DO UPDATE SET count = count + 1;";
        string Remove(string row) => $"UPDATE {rollup} SET count = count - 1 WHERE (hour, action_type, tenant_id) = ({Key(row)});";

        return new AuditSchemaMigration(SchemaVersion, "Activity chart rollup: records per hour, action type and tenant, kept by triggers",
        [
            // Safe to run again (a file whose version table was set back): the rollup is counted afresh.
            $"DROP TRIGGER IF EXISTS {Trigger("insert")}",
            $"DROP TRIGGER IF EXISTS {Trigger("delete")}",
            $"DROP TRIGGER IF EXISTS {Trigger("update")}",
            $"DROP TABLE IF EXISTS {rollup}",
            $"CREATE TABLE {rollup} (hour INTEGER NOT NULL, action_type TEXT NOT NULL, tenant_id TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (hour, action_type, tenant_id)) WITHOUT ROWID, STRICT",
            $"INSERT INTO {rollup} (hour, action_type, tenant_id, count) SELECT {Key("r")}, COUNT(*) FROM {t} AS r GROUP BY 1, 2, 3",
            $"CREATE TRIGGER {Trigger("insert")} AFTER INSERT ON {t} BEGIN {Add("new")} END",
            $"CREATE TRIGGER {Trigger("delete")} AFTER DELETE ON {t} BEGIN {Remove("old")} END",
            $"CREATE TRIGGER {Trigger("update")} AFTER UPDATE OF {C(AuditColumns.OccurredAt)}, {C(AuditColumns.ActionType)}, {C(AuditColumns.TenantId)} ON {t} BEGIN {Remove("old")} {Add("new")} END",
        ]);
    }

    /// <summary>
    /// Adds the rows of <paramref name="rows"/> (a <c>FROM</c> clause naming the audit table <c>r</c>, and its <c>WHERE</c>)
    /// to the rollup: one grouped upsert (<see cref="SqliteHistogramRollupWrites"/>).
    /// </summary>
    public static string CountRowsStatement(IAuditSqlDialect dialect, string auditTable, string rows) =>
        $"INSERT INTO {dialect.QuoteIdentifier(TableName(auditTable))} (hour, action_type, tenant_id, count) SELECT {Key(dialect, "r")}, COUNT(*) {rows} GROUP BY 1, 2, 3 " +
        "ON CONFLICT (hour, action_type, tenant_id) DO UPDATE SET count = count + excluded.count;";

    /// <summary>A row's rollup key: its UTC hour, action type and tenant ('' for none), as SQL over the row <paramref name="row"/>.</summary>
    public static string Key(IAuditSqlDialect dialect, string row)
    {
        // Floor division, so an hour before 1970 is counted in the hour it starts in, as the histogram's buckets are.
        var at = $"{row}.{dialect.QuoteIdentifier(AuditColumns.OccurredAt)}";
        var hour = $"(({at} - ((({at} % {MicrosecondsPerHour}) + {MicrosecondsPerHour}) % {MicrosecondsPerHour})) / {MicrosecondsPerHour})";
        return $"{hour}, {row}.{dialect.QuoteIdentifier(AuditColumns.ActionType)}, COALESCE({row}.{dialect.QuoteIdentifier(AuditColumns.TenantId)}, '')";
    }

    /// <summary>
    /// The actor and target-user indexes with the action type after their keys (schema v13): the histogram of one user, or
    /// of a regular viewer's scope (their actions or the records about them), which the rollup cannot answer, then reads
    /// those indexes alone instead of looking every row up in the table. Their prefix, which the list pages seek, is unchanged.
    /// </summary>
    public static AuditSchemaMigration CoveringIndexes(IAuditSqlDialect dialect, string auditTable)
    {
        var t = dialect.QuoteIdentifier(auditTable);
        string Index(string suffix) => dialect.QuoteIdentifier(auditTable + "_" + suffix);
        string Columns(params string[] columns) => string.Join(", ", columns.Select(dialect.QuoteIdentifier));
        return new AuditSchemaMigration(CoveringIndexesVersion, "Actor and target-user indexes cover the action type, for the activity chart",
        [
            $"DROP INDEX IF EXISTS {Index("actor")}",
            $"CREATE INDEX {Index("actor")} ON {t} ({Columns(AuditColumns.ActorId, AuditColumns.OccurredAt, AuditColumns.Id, AuditColumns.ActionType)})",
            $"DROP INDEX IF EXISTS {Index("target_user")}",
            $"CREATE INDEX {Index("target_user")} ON {t} ({Columns(AuditColumns.TargetUserId, AuditColumns.OccurredAt, AuditColumns.Id, AuditColumns.ActionType)})",
        ]);
    }

    /// <summary>
    /// Whether the rollup holds what the filter asks: nothing but action types, tenant and time. An empty tenant is not
    /// served: the rollup keys a record of no tenant as '', so it would count those records for a tenant that is ''.
    /// </summary>
    public static bool CanServe(AuditFilter filter) =>
        filter.ScopeActorId is null
        && filter.TenantId is not ""
        && filter.ScopeTenantId is not ""
        && filter.ActorIds.Count == 0
        && filter.Actions.Count == 0
        && filter.TargetUserId is null
        && filter.ResourceType is null
        && filter.ResourceId is null
        && filter.Outcome is null
        && string.IsNullOrEmpty(filter.Search)
        && filter.SourceIp is null
        && filter.CorrelationId is null;

    /// <summary>The whole hours within [from, to): their first hour and the hour after the last, or null when there is none.</summary>
    public static (DateTimeOffset First, DateTimeOffset End)? WholeHours(DateTimeOffset from, DateTimeOffset to)
    {
        var hour = TimeSpan.TicksPerHour;
        var first = new DateTimeOffset(from.UtcTicks + ((hour - (from.UtcTicks % hour)) % hour), TimeSpan.Zero);
        var end = new DateTimeOffset(to.UtcTicks - (to.UtcTicks % hour), TimeSpan.Zero);
        return first < end ? (first, end) : null;
    }

    /// <summary>
    /// The rollup's counts per bucket and action type for the whole hours [first, end): from <c>{table}_hourly</c>, or,
    /// given <paramref name="users"/>, from the per-user rollup (<see cref="SqliteHistogramUserRollup"/>) for those users as
    /// actors and, with <c>IncludeAbout</c>, as the target users of others' actions.
    /// </summary>
    public static async Task<List<AuditHistogramCell>> CountAsync(
        DbConnection connection, string auditTable, AuditFilter filter, AuditHistogramBuckets buckets, DateTimeOffset first, DateTimeOffset end,
        (IReadOnlyList<string> Users, bool IncludeAbout)? users, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            var conditions = new List<string> { "hour >= @first", "hour < @end" };
            Add(command, "@first", first.ToUnixTimeSeconds() / 3600);
            Add(command, "@end", end.ToUnixTimeSeconds() / 3600);
            if (users is { } chosen)
            {
                var names = chosen.Users.Select((user, i) => (Name: $"@user{i}", Value: user)).ToList();
                names.ForEach(name => Add(command, name.Name, name.Value));
                conditions.Insert(0, $"user_id IN ({string.Join(", ", names.Select(name => name.Name))})");
                conditions.Insert(1, chosen.IncludeAbout ? "about IN (0, 1)" : "about = 0");
            }

            var tenants = new[] { filter.TenantId, filter.ScopeTenantId }.Where(tenant => tenant is not null).ToList();
            for (var i = 0; i < tenants.Count; i++)
            {
                conditions.Add($"tenant_id = @tenant{i}");
                Add(command, $"@tenant{i}", tenants[i]!);
            }

            if (filter.ActionTypes.Count > 0)
            {
                var names = filter.ActionTypes.Select((type, i) => (Name: $"@type{i}", Value: AuditEnumNames.Format(type))).ToList();
                names.ForEach(name => Add(command, name.Name, name.Value));
                conditions.Add($"action_type IN ({string.Join(", ", names.Select(name => name.Name))})");
            }

            Add(command, "@start", buckets.Start.ToUnixTimeSeconds() / 3600);
            Add(command, "@hoursPerBucket", (long)(buckets.Width.Ticks / TimeSpan.TicksPerHour));
            command.CommandText =
                $"SELECT (hour - @start) / @hoursPerBucket AS bucket, action_type, SUM(count) FROM {SqliteAuditSqlDialect.Quote(users is null ? TableName(auditTable) : SqliteHistogramUserRollup.TableName(auditTable))} " +
                $"WHERE {string.Join(" AND ", conditions)} GROUP BY bucket, action_type HAVING SUM(count) > 0";
            var cells = new List<AuditHistogramCell>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var type = AuditEnumNames.ParseStored<AuditActionType>(reader.GetString(1), AuditColumns.ActionType);
                    cells.Add(new AuditHistogramCell(checked((int)reader.GetInt64(0)), type, reader.GetInt64(2)));
                }
            }

            return cells;
        }
    }

    /// <summary>Adds the parameter <paramref name="name"/> with <paramref name="value"/> to <paramref name="command"/>.</summary>
    internal static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
