using System.Data.Common;
using AuditTrail.ExternalDialect.Tests.Dialect;
using AuditTrail.Relational;
using Microsoft.Data.Sqlite;

namespace AuditTrail.ExternalDialect.Tests.Support;

/// <summary>A database file in a temporary directory of its own, deleted on dispose, and stores of the external dialect on it.</summary>
public sealed class PlainSqliteDatabase : IDisposable
{
    public const string Table = "audit_events";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audittrail-external", Guid.NewGuid().ToString("N"));

    public PlainSqliteDatabase()
    {
        Directory.CreateDirectory(_directory);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "audit.db") }.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>A store with no strategies: Dapper and ADO.NET only.</summary>
    public RelationalAuditStore CreateStore() => CreateStore(new RelationalAuditStoreStrategies());

    public RelationalAuditStore CreateStore(RelationalAuditStoreStrategies strategies) =>
        new(new PlainSqliteDialect(), _ => ValueTask.FromResult<DbConnection>(new SqliteConnection(ConnectionString)), Table, strategies);

    /// <summary>A connection of its own, outside the pool: what another process would see.</summary>
    public async Task<DbConnection> OpenSeparateConnectionAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    public async Task<long> CountRowsAsync()
    {
        await using var connection = await OpenSeparateConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose()
    {
        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(_directory, recursive: true);
    }
}
