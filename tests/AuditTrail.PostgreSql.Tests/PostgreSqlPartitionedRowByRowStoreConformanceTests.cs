using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>The store conformance suite on the partitioned layout and the row-by-row write path (no unique id index for <c>ON CONFLICT</c> there).</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlPartitionedRowByRowStoreConformanceTests : PostgreSqlPartitionedStoreConformanceTests
{
    protected override bool BatchedWrites => false;
}
