using Dapper;
using Npgsql;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The durability the PostgreSQL rows run under: the cluster as configured (<c>pg_virtualenv</c> sets
/// <c>fsync = off</c>), or <c>fsync = on</c> and <c>synchronous_commit = on</c> set by the harness through
/// <c>ALTER SYSTEM</c> and reset when disposed. Needs a superuser, which <c>pg_virtualenv</c> provides.
/// </summary>
internal sealed class PostgreSqlDurability : IAsyncDisposable
{
    public const string AsConfigured = "as configured";
    public const string FsyncOn = "fsync on";

    private readonly NpgsqlDataSource? _changed;

    private PostgreSqlDurability(string label, NpgsqlDataSource? changed)
    {
        Label = label;
        _changed = changed;
    }

    /// <summary>Appended to the metric names: empty as configured, else the settings and what they were.</summary>
    public string Label { get; }

    public static async Task<PostgreSqlDurability> ApplyAsync(NpgsqlDataSource dataSource, string durability)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var fsync = await connection.ExecuteScalarAsync<string>("SHOW fsync");
        var synchronousCommit = await connection.ExecuteScalarAsync<string>("SHOW synchronous_commit");
        if (durability == AsConfigured)
        {
            return new PostgreSqlDurability($" [fsync {fsync}, synchronous_commit {synchronousCommit}]", null);
        }

        await connection.ExecuteAsync("ALTER SYSTEM SET fsync = on; ALTER SYSTEM SET synchronous_commit = on");
        await connection.ExecuteAsync("SELECT pg_reload_conf()");
        await WaitForAsync(dataSource, "on");
        return new PostgreSqlDurability(" [fsync on, synchronous_commit on]", dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        if (_changed is null)
        {
            return;
        }

        await using var connection = await _changed.OpenConnectionAsync();
        await connection.ExecuteAsync("ALTER SYSTEM RESET fsync; ALTER SYSTEM RESET synchronous_commit");
        await connection.ExecuteAsync("SELECT pg_reload_conf()");
    }

    /// <summary>The postmaster re-reads its configuration asynchronously: polls new sessions (bounded) until they see it.</summary>
    private static async Task WaitForAsync(NpgsqlDataSource dataSource, string fsync)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            if (await connection.ExecuteScalarAsync<string>("SHOW fsync") == fsync)
            {
                NpgsqlConnection.ClearAllPools();
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"PostgreSQL did not take fsync = {fsync} within 5 s of pg_reload_conf().");
    }
}
