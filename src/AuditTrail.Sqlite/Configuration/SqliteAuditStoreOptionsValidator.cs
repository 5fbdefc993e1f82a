using AuditTrail.Relational;
using AuditTrail.Sqlite.Search;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuditTrail.Sqlite;

/// <summary>Validates <see cref="SqliteAuditStoreOptions"/>, collecting every problem into one result.</summary>
internal sealed class SqliteAuditStoreOptionsValidator : IValidateOptions<SqliteAuditStoreOptions>
{
    private const string Prefix = nameof(SqliteAuditStoreOptions) + ".";

    /// <summary>The tables the SQLite store shares between its audit tables, beyond the ones every relational store has.</summary>
    private static readonly string[] SqliteSharedTables = [SqliteSearchSchema.StateTableName, SqliteSearchSchema.ReindexTable];

    public ValidateOptionsResult Validate(string? name, SqliteAuditStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Collect(SqliteAuditStoreOptions options)
    {
        var errors = new List<string>();
        CollectLocation(options, errors);

        if (AuditSql.GetTableNameProblem(options.TableName) is { } problem)
        {
            errors.Add($"{Prefix}{nameof(options.TableName)}: {problem}");
        }
        else if (options.TableName.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{Prefix}{nameof(options.TableName)} '{options.TableName}' starts with 'sqlite_', which SQLite reserves for its own tables.");
        }
        else if (GetSharedTableClash(options.TableName) is { } clash)
        {
            errors.Add(clash);
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout > SqliteAuditStoreOptions.MaxBusyTimeout)
        {
            errors.Add($"{Prefix}{nameof(options.BusyTimeout)} must be between 00:00:00 and {SqliteAuditStoreOptions.MaxBusyTimeout:c}; it is {options.BusyTimeout:c}.");
        }

        if (options.WalCheckpointPages is < 1 or > 1_000_000)
        {
            errors.Add($"{Prefix}{nameof(options.WalCheckpointPages)} must be between 1 and 1000000; it is {options.WalCheckpointPages}.");
        }

        if (options.MaxDatabaseSizeBytes is { } maxSize && maxSize < SqliteAuditStoreOptions.MinDatabaseSizeBytes)
        {
            errors.Add($"{Prefix}{nameof(options.MaxDatabaseSizeBytes)} must be at least {SqliteAuditStoreOptions.MinDatabaseSizeBytes} bytes, or null for no limit; it is {maxSize}.");
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            errors.Add($"{Prefix}{nameof(options.Synchronous)} must be {nameof(SqliteSynchronousMode.Full)} or {nameof(SqliteSynchronousMode.Normal)}; it is {(int)options.Synchronous}.");
        }

        return errors;
    }

    /// <summary>
    /// Whether the audit table, or a table the store makes for it (rollups, search index), would take the name of a
    /// table the store shares between its audit tables.
    /// </summary>
    private static string? GetSharedTableClash(string tableName)
    {
        const string option = Prefix + nameof(SqliteAuditStoreOptions.TableName);
        if (SqliteSharedTables.Contains(tableName, StringComparer.OrdinalIgnoreCase))
        {
            return $"{option} '{tableName}' is reserved for a table the store shares between its audit tables; choose another name.";
        }

        string[] derived =
        [
            SqliteHistogramRollup.TableName(tableName),
            SqliteHistogramUserRollup.TableName(tableName),
            SqliteSearchSchema.IndexTableName(tableName),
        ];
        var shared = AuditSql.SharedTableNames.Concat(SqliteSharedTables).ToArray();
        return derived.FirstOrDefault(name => shared.Contains(name, StringComparer.OrdinalIgnoreCase)) is { } taken
            ? $"{option} '{tableName}' would make the store name one of its tables '{taken}', which is reserved for a table the store shares between its audit tables; choose another name."
            : null;
    }

    private static void CollectLocation(SqliteAuditStoreOptions options, List<string> errors)
    {
        const string path = Prefix + nameof(SqliteAuditStoreOptions.DatabasePath);
        const string connectionString = Prefix + nameof(SqliteAuditStoreOptions.ConnectionString);

        switch (options.DatabasePath, options.ConnectionString)
        {
            case (null, null):
                errors.Add($"Set {path} or {connectionString}; neither is set.");
                return;
            case (not null, not null):
                errors.Add($"Set only one of {path} and {connectionString}; both are set.");
                return;
            case (not null, null):
                if (string.IsNullOrWhiteSpace(options.DatabasePath))
                {
                    errors.Add($"{path} must be the path of the database file; it is empty.");
                }
                else if (IsInMemory(options.DatabasePath))
                {
                    errors.Add($"{path} is '{options.DatabasePath}', an in-memory database, which would lose the audit trail; use a file path.");
                }
                else if (options.DatabasePath.Contains('\0', StringComparison.Ordinal))
                {
                    errors.Add($"{path} contains a NUL character.");
                }
                else if (Directory.Exists(options.DatabasePath))
                {
                    errors.Add($"{path} is '{options.DatabasePath}', a directory; give the path of the database file (for example '{Path.Combine(options.DatabasePath, "audit.db")}').");
                }
                else if (SqliteDatabaseFolder.Problem(options.DatabasePath) is { } folderProblem)
                {
                    errors.Add($"{path} is '{options.DatabasePath}', {folderProblem}; give a path in a folder this process can create and write.");
                }

                return;
            default:
                CollectConnectionString(options.ConnectionString!, connectionString, errors);
                return;
        }
    }

    private static void CollectConnectionString(string value, string option, List<string> errors)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(value);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            errors.Add($"{option} is not a valid SQLite connection string: {ex.Message}");
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            errors.Add($"{option} has no Data Source; name the database file.");
        }
        else if (builder.Mode == SqliteOpenMode.Memory || IsInMemory(builder.DataSource))
        {
            errors.Add($"{option} opens an in-memory database, which would lose the audit trail; use a file.");
        }
        else if (Directory.Exists(builder.DataSource))
        {
            errors.Add($"{option} has Data Source '{builder.DataSource}', a directory; name the database file.");
        }

        if (builder.Mode == SqliteOpenMode.ReadOnly)
        {
            errors.Add($"{option} has Mode=ReadOnly; the audit store must write (use ReadWriteCreate or ReadWrite).");
        }
    }

    private static bool IsInMemory(string dataSource) =>
        string.Equals(dataSource.Trim(), ":memory:", StringComparison.OrdinalIgnoreCase)
        || dataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase);
}
