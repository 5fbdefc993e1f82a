using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>Tamper detection on the row-by-row write path (no batch appender): both write paths keep one contract.</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlRowByRowIntegrityConformanceTests : PostgreSqlAuditIntegrityConformanceTests
{
    protected override bool BatchedWrites => false;
}
