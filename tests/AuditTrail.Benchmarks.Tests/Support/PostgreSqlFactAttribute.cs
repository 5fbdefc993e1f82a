namespace AuditTrail.Benchmarks.Tests.Support;

/// <summary>
/// A <c>[Fact]</c> that needs the PostgreSQL server the PG* variables name (as <c>pg_virtualenv</c> sets them): skipped
/// without them, except under <c>CI=true</c>, where it runs and fails (CI must not pass by skipping the database).
/// </summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (!PostgreSqlIngest.IsConfigured && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "PostgreSQL not available: set PGHOST/PGPORT/PGUSER/PGPASSWORD, e.g. run under pg_virtualenv.";
        }
    }
}
