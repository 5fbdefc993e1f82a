using System.Globalization;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// <see cref="IAuditLegalHoldStore"/>'s holds over <see cref="AuditSql.HoldsTable"/>, in SQL every dialect runs. A hold
/// is inserted once and released by one conditional UPDATE (only while it is active), so two releases race harmlessly.
/// </summary>
internal sealed class AuditLegalHoldStore
{
    private readonly AuditConnections _connections;
    private readonly string _tableName;
    private readonly string _insert;
    private readonly string _release;
    private readonly string _all;

    public AuditLegalHoldStore(AuditConnections connections, string tableName)
    {
        _connections = connections;
        _tableName = tableName;
        var t = connections.Dialect.QualifyTableName(AuditSql.HoldsTable);
        _insert = $"INSERT INTO {t} (table_name, id, tenant_id, actor_id, occurred_from, occurred_until, reason, placed_by, placed_at) " +
            "VALUES (@tableName, @id, @tenantId, @actorId, @from, @until, @reason, @placedBy, @placedAt)";
        _release = $"UPDATE {t} SET released_by = @releasedBy, released_at = @releasedAt WHERE table_name = @tableName AND id = @id AND released_at IS NULL";
        _all = $"SELECT id AS {nameof(Row.Id)}, tenant_id AS {nameof(Row.TenantId)}, actor_id AS {nameof(Row.ActorId)}, " +
            $"occurred_from AS {nameof(Row.OccurredFrom)}, occurred_until AS {nameof(Row.OccurredUntil)}, reason AS {nameof(Row.Reason)}, " +
            $"placed_by AS {nameof(Row.PlacedBy)}, placed_at AS {nameof(Row.PlacedAt)}, released_by AS {nameof(Row.ReleasedBy)}, " +
            $"released_at AS {nameof(Row.ReleasedAt)} FROM {t} WHERE table_name = @tableName";
    }

    public async Task AddAsync(AuditLegalHold hold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hold);
        var dialect = _connections.Dialect;
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(_insert, new
            {
                tableName = _tableName,
                id = hold.Id.ToString("D"),
                // Text as the records' own (PostgreSQL: NUL and ill-formed UTF-16 as U+FFFD), so the scope still matches them.
                tenantId = hold.Scope.TenantId is { } tenant ? dialect.ToDbText(tenant) : null,
                actorId = hold.Scope.ActorId is { } actor ? dialect.ToDbText(actor) : null,
                from = hold.Scope.From is { } from ? dialect.ToDbTime(from) : null,
                until = hold.Scope.Until is { } until ? dialect.ToDbTime(until) : null,
                reason = dialect.ToDbText(hold.Reason),
                placedBy = dialect.ToDbText(hold.PlacedBy),
                placedAt = dialect.ToDbTime(hold.PlacedAt),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public async Task<bool> ReleaseAsync(Guid id, string releasedBy, DateTimeOffset releasedAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(releasedBy);
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var updated = await connection.ExecuteAsync(new CommandDefinition(_release, new
            {
                tableName = _tableName,
                id = id.ToString("D"),
                releasedBy = _connections.Dialect.ToDbText(releasedBy),
                releasedAt = _connections.Dialect.ToDbTime(releasedAt),
            }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return updated == 1;
        }
    }

    public async Task<IReadOnlyList<AuditLegalHold>> GetAllAsync(CancellationToken cancellationToken)
    {
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(_all, new { tableName = _tableName }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(row => row.ToHold(_connections.Dialect)).OrderBy(hold => hold.PlacedAt).ThenBy(hold => hold.Id)];
        }
    }

    private sealed class Row
    {
        public string Id { get; set; } = "";

        public string? TenantId { get; set; }

        public string? ActorId { get; set; }

        public object? OccurredFrom { get; set; }

        public object? OccurredUntil { get; set; }

        public string Reason { get; set; } = "";

        public string PlacedBy { get; set; } = "";

        public object PlacedAt { get; set; } = DBNull.Value;

        public string? ReleasedBy { get; set; }

        public object? ReleasedAt { get; set; }

        public AuditLegalHold ToHold(IAuditSqlDialect dialect) => new()
        {
            Id = Guid.Parse(Id, CultureInfo.InvariantCulture),
            Scope = new AuditLegalHoldScope { TenantId = TenantId, ActorId = ActorId, From = Time(dialect, OccurredFrom), Until = Time(dialect, OccurredUntil) },
            Reason = Reason,
            PlacedBy = PlacedBy,
            PlacedAt = dialect.FromDbTime(PlacedAt),
            ReleasedBy = ReleasedBy,
            ReleasedAt = Time(dialect, ReleasedAt),
        };

        private static DateTimeOffset? Time(IAuditSqlDialect dialect, object? value) => value is null or DBNull ? null : dialect.FromDbTime(value);
    }
}
