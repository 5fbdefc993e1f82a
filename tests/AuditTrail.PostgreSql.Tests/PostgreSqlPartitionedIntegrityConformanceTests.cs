using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>Tamper detection on the partitioned layout: the same SQL tampering, through the partitioned table.</summary>
[PostgreSqlRequired]
public sealed class PostgreSqlPartitionedIntegrityConformanceTests : PostgreSqlAuditIntegrityConformanceTests
{
    protected override Action<PostgreSqlAuditStoreOptions>? Configure => options => options.Partitioning = new PostgreSqlPartitioningOptions();
}
