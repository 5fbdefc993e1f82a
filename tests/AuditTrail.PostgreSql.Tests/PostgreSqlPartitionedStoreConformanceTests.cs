using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The store conformance suite on the partitioned layout, with the store's clock at the suite's base time, so that its
/// records fall in month partitions (and those dated far from it in the default partition).
/// </summary>
[PostgreSqlRequired]
public class PostgreSqlPartitionedStoreConformanceTests : PostgreSqlAuditStoreConformanceTests
{
    protected override Action<PostgreSqlAuditStoreOptions>? Configure => options => options.Partitioning = new PostgreSqlPartitioningOptions();

    protected override TimeProvider? Clock { get; } = new ManualTimeProvider(Some.BaseTime);
}
