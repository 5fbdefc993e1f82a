using AuditTrail.Benchmarks.Tests.Support;
using Npgsql;

namespace AuditTrail.Benchmarks.Tests;

/// <summary>The PostgreSQL hosts' spool folders: in one folder per process, gone when the process is done.</summary>
public sealed class BenchmarkSpoolTests
{
    [Fact]
    public void For_AnySchema_LiesInThisProcesssFolder()
    {
        BenchmarkSpool.For("audittrail_bench_1234abcd").Should().StartWith(BenchmarkSpool.Root + Path.DirectorySeparatorChar);
        BenchmarkSpool.Root.Should().Contain(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [PostgreSqlFact]
    public async Task DeleteAll_AfterAPostgreSqlHost_LeavesNoSpoolFolder()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgreSqlIngest.ConnectionString);
        var spool = await PostgreSqlIngest.WithSchemaAsync(dataSource, async schema =>
        {
            using var host = await PostgreSqlIngest.StartAsync(dataSource, schema, AuditDeliveryMode.Durable);
            await IngestLoad.RunAsync(host, [Data.Event(0)], callers: 1);
            return BenchmarkSpool.For(schema);
        });
        Directory.Exists(spool).Should().BeTrue("the library keeps its spool folder while the process runs");

        BenchmarkSpool.DeleteAll();

        Directory.Exists(spool).Should().BeFalse();
        Directory.Exists(BenchmarkSpool.Root).Should().BeFalse();
    }
}
