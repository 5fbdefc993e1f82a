namespace AuditTrail.PostgreSql.Tests.Support;

/// <summary>A <c>[Fact]</c> that needs the PostgreSQL server: skipped with a clear reason when none is configured, unless <c>CI=true</c>.</summary>
public sealed class PostgreSqlFactAttribute : FactAttribute
{
    public PostgreSqlFactAttribute()
    {
        if (PostgreSqlEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// On a test class: every test it has, inherited conformance tests included, needs the PostgreSQL server
/// (see <see cref="PostgreSqlEnvironment.SkipReason"/>).
/// </summary>
public sealed class PostgreSqlRequiredAttribute : AuditTrail.Conformance.Support.StoreAvailabilityAttribute
{
    public override string? SkipReason => PostgreSqlEnvironment.SkipReason;
}

/// <summary>A <c>[Theory]</c> that needs the PostgreSQL server: skipped with a clear reason when none is configured, unless <c>CI=true</c>.</summary>
public sealed class PostgreSqlTheoryAttribute : TheoryAttribute
{
    public PostgreSqlTheoryAttribute()
    {
        if (PostgreSqlEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
