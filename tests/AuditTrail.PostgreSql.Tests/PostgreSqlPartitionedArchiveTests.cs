using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>Retention with archive before purge on the partitioned layout: no month is dropped before every record of it is archived.</summary>
public sealed class PostgreSqlPartitionedArchiveTests : SchemaTest
{
    private static readonly DateTimeOffset March = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _archive = Path.Combine(Path.GetTempPath(), "audittrail-pg-archive", Guid.NewGuid().ToString("N"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_archive))
        {
            Directory.Delete(_archive, recursive: true);
        }
    }

    [Fact]
    public async Task Retention_WithArchiveBeforePurge_ArchivesEveryRecordBeforeItsMonthIsDropped()
    {
        // The store's clock in March makes the partitions of March to June; the trail's clock stands in December, so the
        // cutoff (90 days before the newest record) falls in September.
        var store = new PostgreSqlAuditStore(Schema.DataSource(), new PostgreSqlAuditStoreOptions { Schema = Schema.Name, Partitioning = new() },
            ownsDataSource: false, batchedWrites: true, new ManualTimeProvider(March));
        await store.WriteAsync([Some.Record(March), Some.Record(March.AddDays(5)), Some.Record(March.AddMonths(1)), Some.Record(March.AddMonths(2)), Some.Record(Now.AddHours(-1))]);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new ManualTimeProvider(Now));
        services.AddAuditTrail(o =>
        {
            o.Retention.Period = TimeSpan.FromDays(90);
            o.Retention.Archive.Enabled = true;
            o.Retention.Archive.Directory = _archive;
            o.Retention.Archive.MaxRecordsPerSegment = 1;
        }).UseStore(_ => store);
        await using var provider = services.BuildServiceProvider();

        (await provider.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(4);

        var sink = new DirectoryAuditArchiveSink(_archive);
        (await sink.ListAsync()).Should().HaveCount(4, "one segment a record");
        var report = await new AuditArchiveVerifier(sink, keys: null, store).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.RecordsVerified.Should().Be(4, "every purged record is archived and the store continues the archive");
        (await Schema.ScalarAsync<long>(
            $"SELECT count(*) FROM pg_inherits WHERE inhparent = '\"{Schema.Name}\".audit_events'::regclass AND inhrelid::regclass::text LIKE '%p20250%'"))
            .Should().Be(0, "March, April and May went once archived, and the empty June before the cutoff with them");
    }
}
