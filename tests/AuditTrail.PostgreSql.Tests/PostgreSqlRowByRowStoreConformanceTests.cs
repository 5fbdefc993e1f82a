using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The store conformance suite on the row-by-row write path (no batch appender): both write paths keep one contract.</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlRowByRowStoreConformanceTests : PostgreSqlAuditStoreConformanceTests
{
    protected override bool BatchedWrites => false;
}
