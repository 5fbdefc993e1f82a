using AuditTrail.Benchmarks.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AuditTrail.Benchmarks.Tests;

/// <summary>The peer baseline of issue 25 as a measurement: what its clock covers, and the pooled connections it writes on.</summary>
public sealed class PeerBaselineTests
{
    [Fact]
    public async Task RunAsync_PreparationBeforeTheWrites_IsNotTimed()
    {
        var time = new FakeTimeProvider();
        var steps = new List<string>();

        var elapsed = await PeerBaseline.RunAsync(
            count: 5,
            callers: 1,
            prepare: () =>
            {
                steps.Add("prepare");
                time.Advance(TimeSpan.FromSeconds(30));
                return Task.CompletedTask;
            },
            write: i =>
            {
                steps.Add("write " + i);
                time.Advance(TimeSpan.FromSeconds(1));
                return Task.CompletedTask;
            },
            time);

        elapsed.Should().Be(TimeSpan.FromSeconds(5));
        steps.Should().Equal("prepare", "write 0", "write 1", "write 2", "write 3", "write 4");
    }

    [Fact]
    public async Task RunAsync_ManyCallers_WritesEveryIndexOnce()
    {
        var written = new System.Collections.Concurrent.ConcurrentBag<int>();

        await PeerBaseline.RunAsync(100, 8, () => Task.CompletedTask, i =>
        {
            written.Add(i);
            return Task.CompletedTask;
        });

        written.Should().BeEquivalentTo(Enumerable.Range(0, 100));
    }

    [PostgreSqlFact]
    public async Task OpenPostgreSqlConnectionsAsync_Callers_LeavesThatManyServerConnectionsInThePool()
    {
        var application = "bench-peer-" + Guid.NewGuid().ToString("N")[..8];
        var connectionString = new NpgsqlConnectionStringBuilder(PostgreSqlIngest.ConnectionString) { ApplicationName = application }.ToString();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);

        await PeerBaseline.OpenPostgreSqlConnectionsAsync(dataSource, 8);

        await using var observer = NpgsqlDataSource.Create(PostgreSqlIngest.ConnectionString);
        await using var command = observer.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1");
        command.Parameters.AddWithValue(application);
        ((long)(await command.ExecuteScalarAsync())!).Should().Be(8, "every caller's pooled connection is open before the clock starts");
    }

    [PostgreSqlFact]
    public async Task WritePostgreSqlAsync_ManyCallers_StoresEveryRecordOnceAsJsonb()
    {
        await using var dataSource = NpgsqlDataSource.Create(PostgreSqlIngest.ConnectionString);
        var records = Enumerable.Range(0, 50).Select(Data.Record).ToArray();

        var count = await PostgreSqlIngest.WithSchemaAsync(dataSource, async schema =>
        {
            await PeerBaseline.CreatePostgreSqlTableAsync(dataSource, schema);
            await PeerBaseline.WritePostgreSqlAsync(dataSource, schema, records, callers: 8);
            return await PeerBaseline.CountPostgreSqlAsync(dataSource, schema);
        });

        count.Should().Be(records.Length);
    }
}
