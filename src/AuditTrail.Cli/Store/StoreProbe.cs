using AuditTrail.Relational;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AuditTrail.Cli.Store;

/// <summary>
/// Whether the store a command names exists, asked before the store is opened: opening one creates or migrates its
/// schema, so a command pointed at a file, schema or table that holds no store would otherwise turn it into one. A
/// store is known by its row in the schema version table (<see cref="AuditSql.SchemaVersionTable"/>); a store of an
/// older schema version counts, and is migrated by the open as the library does.
/// </summary>
internal static class StoreProbe
{
    /// <summary>Refuses, naming <c>--sqlite</c> or <c>--table</c>, a SQLite file that holds no store of <paramref name="table"/>.</summary>
    public static async Task EnsureSqliteStoreAsync(string path, string table, CancellationToken cancellationToken)
    {
        var tables = await ReadSqliteTablesAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new CliConnectionException($"The SQLite database '{path}' (--sqlite) holds no AuditTrail store. Nothing was written to it.");
        if (!tables.Contains(table, StringComparer.Ordinal))
        {
            throw new CliConnectionException($"The SQLite database '{path}' holds no audit table '{table}' (--table); its audit tables: {string.Join(", ", tables)}. Nothing was written to it.");
        }
    }

    /// <summary>
    /// Refuses, naming <c>--schema</c> or <c>--table</c>, a PostgreSQL schema that holds no store of <paramref name="table"/>;
    /// with <paramref name="allowNew"/>, a table that does not exist at all is let through, to be created by the store.
    /// </summary>
    public static async Task EnsurePostgresStoreAsync(NpgsqlDataSource dataSource, string schema, string table, bool allowNew, CancellationToken cancellationToken)
    {
        var tables = await ReadPostgresTablesAsync(dataSource, schema, cancellationToken).ConfigureAwait(false);
        if (tables is not null && tables.Contains(table, StringComparer.Ordinal))
        {
            return;
        }

        if (allowNew && !await PostgresRelationExistsAsync(dataSource, schema, table, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        throw tables is null || tables.Count == 0
            ? new CliConnectionException(allowNew
                ? $"The PostgreSQL table '{schema}.{table}' (--schema, --table) exists but is not an AuditTrail audit table. Nothing was written to it."
                : $"The PostgreSQL schema '{schema}' (--postgres, --schema) holds no AuditTrail store. Nothing was written to it.")
            : new CliConnectionException(allowNew
                ? $"The PostgreSQL table '{schema}.{table}' (--table) exists but is not an AuditTrail audit table; the schema's audit tables: {string.Join(", ", tables)}. Nothing was written to it."
                : $"The PostgreSQL schema '{schema}' holds no audit table '{table}' (--table); its audit tables: {string.Join(", ", tables)}. Nothing was written to it.");
    }

    /// <summary>The audit tables recorded in the SQLite file, read without writing to it; <see langword="null"/> when it has no version table.</summary>
    private static async Task<IReadOnlyList<string>?> ReadSqliteTablesAsync(string path, CancellationToken cancellationToken)
    {
        // Read-only and unpooled: the probe writes nothing (not even the search index file beside it) and lets go of the file.
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var exists = connection.CreateCommand();
                await using (exists.ConfigureAwait(false))
                {
                    exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
                    exists.Parameters.AddWithValue("$name", AuditSql.SchemaVersionTable);
                    if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
                    {
                        return null;
                    }
                }

                return await ReadTablesAsync(connection, $"SELECT DISTINCT table_name FROM \"{AuditSql.SchemaVersionTable}\" ORDER BY table_name", cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 26)
            {
                // SQLITE_NOTADB: the file is something else altogether.
                throw new CliConnectionException($"The file '{path}' (--sqlite) is not an SQLite database.", ex);
            }
        }
    }

    /// <summary>The audit tables recorded in the PostgreSQL schema; <see langword="null"/> when it has no version table.</summary>
    private static async Task<IReadOnlyList<string>?> ReadPostgresTablesAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var exists = new NpgsqlCommand("SELECT to_regclass(format('%I.%I', $1::text, $2::text)) IS NOT NULL", connection);
            await using (exists.ConfigureAwait(false))
            {
                exists.Parameters.Add(new NpgsqlParameter { Value = schema });
                exists.Parameters.Add(new NpgsqlParameter { Value = AuditSql.SchemaVersionTable });
                if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    return null;
                }
            }

            var versions = QuotePostgres(schema) + "." + QuotePostgres(AuditSql.SchemaVersionTable);
            return await ReadTablesAsync(connection, $"SELECT DISTINCT table_name FROM {versions} ORDER BY table_name", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a table, view or other relation named <paramref name="table"/> exists in <paramref name="schema"/>.</summary>
    private static async Task<bool> PostgresRelationExistsAsync(NpgsqlDataSource dataSource, string schema, string table, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand("SELECT to_regclass(format('%I.%I', $1::text, $2::text)) IS NOT NULL");
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = schema });
            command.Parameters.Add(new NpgsqlParameter { Value = table });
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true;
        }
    }

    private static async Task<IReadOnlyList<string>> ReadTablesAsync(System.Data.Common.DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            var tables = new List<string>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tables.Add(reader.GetString(0));
                }
            }

            return tables;
        }
    }

    private static string QuotePostgres(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
