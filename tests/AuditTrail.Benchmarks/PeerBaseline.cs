using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The peer baseline of issue 25: the simplest design common .NET audit libraries use. Each event is serialized
/// to a JSON document and written by one autocommit <c>INSERT</c> into a table with only a primary key (the event
/// id): <c>uuid</c> + <c>jsonb</c> on PostgreSQL, text + JSON text on SQLite. Every caller opens a pooled
/// connection per event, as a scoped DbContext or repository would; no chain, no other index, no batching.
/// </summary>
internal static class PeerBaseline
{
    /// <summary>The unqualified name of the peer table.</summary>
    public const string PostgreSqlTableName = "peer_audit_events";

    private static readonly JsonSerializerOptions JsonOptions = new();

    /// <summary>Writes every record from <paramref name="callers"/> concurrent loops into a new peer table in <paramref name="schema"/>; returns events/s.</summary>
    public static async Task<double> PostgreSqlAsync(NpgsqlDataSource dataSource, string schema, IReadOnlyList<AuditRecord> records, int callers)
    {
        await CreatePostgreSqlTableAsync(dataSource, schema);
        var elapsed = await WritePostgreSqlAsync(dataSource, schema, records, callers);
        Expect(await CountPostgreSqlAsync(dataSource, schema), records.Count, "PostgreSQL peer");
        return records.Count / elapsed.TotalSeconds;
    }

    /// <summary>Creates the peer table in <paramref name="schema"/> (and the schema when it is missing).</summary>
    public static async Task CreatePostgreSqlTableAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync($"CREATE SCHEMA IF NOT EXISTS \"{schema}\"; CREATE TABLE {PostgreSqlTable(schema)} (id uuid PRIMARY KEY, document jsonb NOT NULL)");
    }

    /// <summary>Writes every record into the peer table of <paramref name="schema"/> from <paramref name="callers"/> concurrent loops; returns how long it took.</summary>
    public static Task<TimeSpan> WritePostgreSqlAsync(NpgsqlDataSource dataSource, string schema, IReadOnlyList<AuditRecord> records, int callers)
    {
        var sql = $"INSERT INTO {PostgreSqlTable(schema)} (id, document) VALUES ($1, $2)";
        return RunAsync(records.Count, callers, () => OpenPostgreSqlConnectionsAsync(dataSource, Math.Min(callers, records.Count)), async i =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = records[i].Id });
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = Document(records[i]) });
            await command.ExecuteNonQueryAsync();
        });
    }

    /// <summary>
    /// Opens <paramref name="connections"/> connections at once and returns them to the pool: each caller then takes a
    /// pooled connection per event, as in an application that has been running for a while, instead of the timed
    /// writes paying for starting a server process per caller.
    /// </summary>
    internal static async Task OpenPostgreSqlConnectionsAsync(NpgsqlDataSource dataSource, int connections)
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => dataSource.OpenConnectionAsync().AsTask()));
        foreach (var connection in opened)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>How many rows the peer table of <paramref name="schema"/> holds.</summary>
    public static async Task<long> CountPostgreSqlAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {PostgreSqlTable(schema)}");
    }

    /// <summary>The qualified name of the peer table in <paramref name="schema"/>.</summary>
    public static string PostgreSqlTable(string schema) => $"\"{schema}\".{PostgreSqlTableName}";

    /// <summary>
    /// The same on a new SQLite file with the store's default pragmas (WAL, synchronous = FULL, a busy timeout), so
    /// that each autocommit INSERT is one synced commit, as each of the library's durable batches is.
    /// </summary>
    public static async Task<double> SqliteAsync(string path, IReadOnlyList<AuditRecord> records, int callers)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 60 }.ToString();
        await using (var connection = await Baselines.OpenAsync(path))
        {
            await connection.ExecuteAsync("CREATE TABLE peer_audit_events (id TEXT PRIMARY KEY, document TEXT NOT NULL)");
        }

        const string Pragmas = "PRAGMA busy_timeout = 60000; PRAGMA synchronous = FULL;";
        var elapsed = await RunAsync(records.Count, callers, () => OpenSqliteConnectionsAsync(connectionString, Pragmas, Math.Min(callers, records.Count)), async i =>
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas + " INSERT INTO peer_audit_events (id, document) VALUES ($id, $document)";
            command.Parameters.AddWithValue("$id", records[i].Id.ToString("D"));
            command.Parameters.AddWithValue("$document", Document(records[i]));
            await command.ExecuteNonQueryAsync();
        });

        await using (var connection = await Baselines.OpenAsync(path))
        {
            Expect(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM peer_audit_events"), records.Count, "SQLite peer");
        }

        SqliteConnection.ClearAllPools();
        return records.Count / elapsed.TotalSeconds;
    }

    /// <summary>The event as the peer stores it: its record serialized by System.Text.Json.</summary>
    private static string Document(AuditRecord record) => JsonSerializer.Serialize(record, JsonOptions);

    /// <summary>The SQLite peer's <see cref="OpenPostgreSqlConnectionsAsync"/>: its pooled connections opened, their pragmas run.</summary>
    private static async Task OpenSqliteConnectionsAsync(string connectionString, string pragmas, int connections)
    {
        var opened = await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync();
            await connection.ExecuteAsync(pragmas);
            return connection;
        }));
        foreach (var connection in opened)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Runs <paramref name="prepare"/> (not timed), then <paramref name="write"/> for every index below
    /// <paramref name="count"/> from <paramref name="callers"/> concurrent loops; returns how long the writes took.
    /// </summary>
    internal static async Task<TimeSpan> RunAsync(int count, int callers, Func<Task> prepare, Func<int, Task> write, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        await prepare();
        var next = -1;
        var start = time.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await write(i);
            }
        })));
        return time.GetElapsedTime(start);
    }

    private static void Expect(long actual, long expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what}: expected {expected} rows, found {actual}.");
        }
    }
}
