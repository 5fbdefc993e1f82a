using System.Data.Common;
using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// <see cref="IAuditConsumerCheckpoints"/> over <see cref="AuditSql.ConsumersTable"/>, in SQL every dialect runs. The
/// lease is taken by one conditional UPDATE (free, expired or already ours), so of two instances racing for it one
/// wins; a consumer's row is created first by an INSERT that does nothing when the row exists.
/// </summary>
internal sealed class AuditConsumerCheckpointStore
{
    private readonly AuditConnections _connections;
    private readonly string _tableName;
    private readonly string _insert;
    private readonly string _acquire;
    private readonly string _select;
    private readonly string _advance;
    private readonly string _release;
    private readonly string _all;

    public AuditConsumerCheckpointStore(AuditConnections connections, string tableName)
    {
        _connections = connections;
        _tableName = tableName;
        var t = connections.Dialect.QualifyTableName(AuditSql.ConsumersTable);
        const string key = "table_name = @tableName AND name = @name";
        var columns = $"name AS {nameof(Row.Name)}, position AS {nameof(Row.Position)}, lease_owner AS {nameof(Row.LeaseOwner)}, lease_expires_at AS {nameof(Row.LeaseExpiresAt)}";
        _insert = $"INSERT INTO {t} (table_name, name, position, updated_at) SELECT @tableName, @name, 0, @now WHERE NOT EXISTS (SELECT 1 FROM {t} WHERE {key})";
        _acquire = $"UPDATE {t} SET lease_owner = @owner, lease_expires_at = @expires, updated_at = @now " +
            $"WHERE {key} AND (lease_owner IS NULL OR lease_owner = @owner OR lease_expires_at <= @now)";
        _select = $"SELECT {columns} FROM {t} WHERE {key}";
        _advance = $"UPDATE {t} SET position = @position, updated_at = @now " +
            $"WHERE {key} AND lease_owner = @owner AND lease_expires_at > @now AND position <= @position";
        _release = $"UPDATE {t} SET lease_owner = NULL, lease_expires_at = NULL WHERE {key} AND lease_owner = @owner";
        _all = $"SELECT {columns} FROM {t} WHERE table_name = @tableName";
    }

    public async Task<AuditConsumerCheckpoint?> TryAcquireLeaseAsync(string consumer, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken cancellationToken)
    {
        Check(consumer, owner);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var dialect = _connections.Dialect;
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var key = new { tableName = _tableName, name = consumer, now = dialect.ToDbTime(now) };
            await InsertIfAbsentAsync(connection, key, cancellationToken).ConfigureAwait(false);
            var taken = await connection.ExecuteAsync(new CommandDefinition(
                _acquire, new { key.tableName, key.name, key.now, owner, expires = dialect.ToDbTime(now + duration) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (taken == 0)
            {
                return null;
            }

            var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(_select, new { key.tableName, key.name }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return row.ToCheckpoint(dialect);
        }
    }

    public async Task AdvanceAsync(string consumer, string owner, long position, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Check(consumer, owner);
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var moved = await connection.ExecuteAsync(new CommandDefinition(
                _advance, new { tableName = _tableName, name = consumer, owner, position, now = _connections.Dialect.ToDbTime(now) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (moved == 1)
            {
                return;
            }

            var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(_select, new { tableName = _tableName, name = consumer }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            AuditConsumerCheckpointRules.ThrowWhyNotAdvanced(consumer, owner, position, now, row?.ToCheckpoint(_connections.Dialect));
        }
    }

    public async Task ReleaseLeaseAsync(string consumer, string owner, CancellationToken cancellationToken)
    {
        Check(consumer, owner);
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(_release, new { tableName = _tableName, name = consumer, owner }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<AuditConsumerCheckpoint>> GetCheckpointsAsync(CancellationToken cancellationToken)
    {
        var connection = await _connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var rows = await connection.QueryAsync<Row>(new CommandDefinition(_all, new { tableName = _tableName }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return [.. rows.Select(row => row.ToCheckpoint(_connections.Dialect)).OrderBy(checkpoint => checkpoint.Name, StringComparer.Ordinal)];
        }
    }

    private async Task InsertIfAbsentAsync(DbConnection connection, object key, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(_insert, key, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        catch (DbException)
        {
            // Another instance may have inserted the same consumer between the check and the insert: then the row is
            // there, as wanted; any other failure goes to the caller.
            if (!await ExistsAsync(connection, key, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private async Task<bool> ExistsAsync(DbConnection connection, object key, CancellationToken cancellationToken) =>
        await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(_select, key, cancellationToken: cancellationToken)).ConfigureAwait(false) is not null;

    private static void Check(string consumer, string owner)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentException.ThrowIfNullOrEmpty(owner);
    }

    private sealed class Row
    {
        public string Name { get; set; } = "";

        public long Position { get; set; }

        public string? LeaseOwner { get; set; }

        public object? LeaseExpiresAt { get; set; }

        public AuditConsumerCheckpoint ToCheckpoint(IAuditSqlDialect dialect) =>
            new(Name, Position, LeaseOwner, LeaseExpiresAt is null or DBNull ? null : dialect.FromDbTime(LeaseExpiresAt));
    }
}
