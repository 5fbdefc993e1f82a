using System.Data.Common;
using AuditTrail.Relational;

namespace AuditTrail.SqlServer.Tests.Support;

/// <summary>
/// The SQL Server the live tests use: AUDITTRAIL_SQLSERVER_CONNECTION (a connection string to a database the tests
/// may create schemas in) and a provider, Microsoft.Data.SqlClient, which the test project references only when built
/// with -p:SqlServerProvider=true. Without both the live tests skip, under CI too: no SQL Server is available there.
/// </summary>
public static class SqlServerEnvironment
{
    public const string ConnectionVariable = "AUDITTRAIL_SQLSERVER_CONNECTION";

    private const string ProviderType = "Microsoft.Data.SqlClient.SqlClientFactory, Microsoft.Data.SqlClient";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } value ? value : null;

    /// <summary>The provider, found by name so that the project builds without it.</summary>
    public static DbProviderFactory? Provider { get; } =
        Type.GetType(ProviderType, throwOnError: false)?.GetField("Instance")?.GetValue(null) as DbProviderFactory;

    public static string? SkipReason => (ConnectionString, Provider) switch
    {
        (null, _) => $"SQL Server not available: set {ConnectionVariable} to a test database's connection string and run with -p:SqlServerProvider=true (see README, SQL Server store).",
        (_, null) => $"{ConnectionVariable} is set, but no SQL Server provider is loaded: run the tests with -p:SqlServerProvider=true so that they reference Microsoft.Data.SqlClient.",
        _ => null,
    };

    public static DbConnection CreateConnection()
    {
        if (SkipReason is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var connection = Provider!.CreateConnection()!;
        connection.ConnectionString = ConnectionString;
        return connection;
    }
}

/// <summary>On a test class: every test it has, inherited conformance tests included, needs a live SQL Server.</summary>
public sealed class SqlServerRequiredAttribute : AuditTrail.Conformance.Support.StoreAvailabilityAttribute
{
    public override string? SkipReason => SqlServerEnvironment.SkipReason;
}

/// <summary>A schema of its own on the live server, created by the store and dropped, with its tables, by <see cref="DropAsync"/>.</summary>
public sealed class SqlServerTestSchema
{
    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N");

    public SqlServerAuditStore CreateStore() =>
        new(SqlServerEnvironment.CreateConnection, new SqlServerAuditStoreOptions { Schema = Name });

    public async Task<long> CountRowsAsync()
    {
        await using var connection = SqlServerEnvironment.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT_BIG(*) FROM [{Name}].[audit_events]";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task DropAsync()
    {
        await using var connection = SqlServerEnvironment.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = DropStatement;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The batch that drops the schema with every table the store created in it.</summary>
    public string DropStatement =>
        string.Concat(AuditSql.SharedTableNames.Prepend(SqlServerAuditStoreOptions.DefaultTableName).Select(table => $"DROP TABLE IF EXISTS [{Name}].[{table}]; ")) +
        $"IF SCHEMA_ID(N'{Name}') IS NOT NULL EXEC(N'DROP SCHEMA [{Name}]');";
}
