using AuditTrail.Cli.Purge;
using AuditTrail.PostgreSql;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// The warning of <c>purge</c> about the month partitions a drop gave up on: the wait it names is the store's, not a
/// number written into the text.
/// </summary>
public sealed class PurgeMonthsWarningTests
{
    private static readonly PostgreSqlPartitionDrop[] Kept = [new("audit_records_2026_01", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), 10, 1, 10)];

    [Fact]
    public void DescribeKept_NamesTheWaitItIsGiven()
    {
        PurgeMonths.DescribeKept(Kept, TimeSpan.FromSeconds(12)).Should()
            .StartWith("warning: the month partition(s) audit_records_2026_01 were not dropped: a drop gives up after 12s while another transaction");
    }

    [Fact]
    public void DescribeKept_NamesTheStoresLockTimeout()
    {
        PostgreSqlAuditStore.PartitionDropLockTimeout.Should().Be(TimeSpan.FromSeconds(5));
        PurgeMonths.DescribeKept(Kept).Should().Contain("a drop gives up after 5s while");
    }
}
