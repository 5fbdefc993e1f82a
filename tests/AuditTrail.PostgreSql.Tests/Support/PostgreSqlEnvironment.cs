using Npgsql;

namespace AuditTrail.PostgreSql.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use, from PGHOST, PGPORT, PGUSER, PGPASSWORD and (optionally) PGDATABASE, as
/// <c>pg_virtualenv</c> sets them. Without them the tests skip, except under <c>CI=true</c>, where they run and fail
/// with <see cref="NotConfiguredMessage"/>: CI must never pass by skipping the database.
/// </summary>
public static class PostgreSqlEnvironment
{
    public const string NotConfiguredMessage =
        "PostgreSQL not available: set PGHOST/PGPORT/PGUSER/PGPASSWORD, e.g. run under pg_virtualenv (pg_virtualenv dotnet test).";

    private static readonly Lazy<string?> Missing = new(FindMissingVariables);

    /// <summary>Whether the server variables are set.</summary>
    public static bool IsConfigured => Missing.Value is null;

    /// <summary>Whether this is a CI run (<c>CI=true</c>), where a missing server is a failure rather than a skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests skip here, or <see langword="null"/> when they run (configured, or under CI).</summary>
    public static string? SkipReason => IsConfigured || IsCi ? null : $"{NotConfiguredMessage} Missing: {Missing.Value}.";

    /// <summary>A connection string for <paramref name="database"/> (default: PGDATABASE, else <c>postgres</c>).</summary>
    public static string ConnectionString(string? database = null, string? applicationName = null)
    {
        RequireConfigured();
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = Environment.GetEnvironmentVariable("PGHOST"),
            Port = int.TryParse(Environment.GetEnvironmentVariable("PGPORT"), out var port) ? port : 5432,
            Username = Environment.GetEnvironmentVariable("PGUSER"),
            Password = Environment.GetEnvironmentVariable("PGPASSWORD"),
            Database = database ?? Environment.GetEnvironmentVariable("PGDATABASE") ?? "postgres",
            ApplicationName = applicationName ?? "audittrail-tests",

            // The tests check what a commit acknowledges, not whether the disk keeps it through a power cut: not
            // waiting for the WAL flush keeps a suite that creates a schema per test fast.
            Options = "-c synchronous_commit=off",
        };
        return builder.ConnectionString;
    }

    /// <summary>Throws the clear "not available" failure when the server variables are missing (the CI case).</summary>
    public static void RequireConfigured()
    {
        if (!IsConfigured)
        {
            throw new InvalidOperationException($"{NotConfiguredMessage} Missing: {Missing.Value}. CI=true, so the PostgreSQL tests fail instead of skipping.");
        }
    }

    private static string? FindMissingVariables()
    {
        var missing = new[] { "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD" }
            .Where(name => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
            .ToArray();
        return missing.Length == 0 ? null : string.Join(", ", missing);
    }
}
