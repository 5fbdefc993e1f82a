using AuditTrail.Conformance.Support;
using AuditTrail.Cli;
using AuditTrail.PostgreSql.Tests.Support;
using static AuditTrail.PostgreSql.Tests.Support.CliRunner;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// <c>audittrail purge</c> and <c>archive --purge</c> against the partitioned layout: whole months are detached and
/// dropped as the retention service drops them (the anchor in the same transaction), the rest goes row by row, and an
/// archive is always written before a month goes.
/// </summary>
public sealed class CliPartitionedTests : SchemaTest
{
    private static readonly DateTimeOffset March = new(2025, 3, 10, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Between the two May records: March and April go whole, the first May record row by row.</summary>
    private static readonly string Cutoff = March.AddMonths(2).AddMinutes(30).ToString("O");

    private readonly string _archive = Path.Combine(Path.GetTempPath(), "audittrail-pg-archive", Guid.NewGuid().ToString("N"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_archive))
        {
            Directory.Delete(_archive, recursive: true);
        }
    }

    /// <summary>Three records in March, three in April, two in May 2025 (an hour apart), in month partitions.</summary>
    private async Task WritePartitionedAsync()
    {
        var store = Schema.CreateStore(batchedWrites: true, o => o.Partitioning = new PostgreSqlPartitioningOptions(), new ManualTimeProvider(March));
        foreach (var (month, count) in new[] { (0, 3), (1, 3), (2, 2) })
        {
            await store.WriteAsync([.. Enumerable.Range(0, count).Select(i => Some.Record(March.AddMonths(month).AddHours(i)))]);
        }
    }

    private Task<long> PartitionsAsync(params string[] names) => Schema.ScalarAsync<long>(
        $"SELECT count(*) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = '{Schema.Name}' " +
        $"AND c.relname IN ({string.Join(", ", names.Select(name => $"'{name}'"))})");

    [PostgreSqlFact]
    public async Task Purge_PartitionedLayout_DryRunListsTheMonths_ExecuteDropsThemWhole_AndTheChainVerifies()
    {
        await WritePartitionedAsync();

        var dry = await RunAsync(["purge", .. StoreOf(Schema), "--before", Cutoff]);

        dry.Exit.Should().Be(AuditTrailCommand.Valid, dry.Error);
        dry.Output.Should().Contain("Dry run: would purge 7 record(s)")
            .And.Contain("2 month partition(s) would go whole (detached and dropped), 6 record(s):")
            .And.Contain("audit_events_p202503  2025-03").And.Contain("3 record(s), rows 1 to 3")
            .And.Contain("audit_events_p202504  2025-04").And.Contain("3 record(s), rows 4 to 6")
            .And.Contain("then row by row: 1 record(s)").And.Contain("Nothing was deleted");
        (await PartitionsAsync("audit_events_p202503", "audit_events_p202504")).Should().Be(2, "a dry run drops nothing");

        var purged = await RunAsync(["purge", .. StoreOf(Schema), "--before", Cutoff, "--execute"]);

        purged.Exit.Should().Be(AuditTrailCommand.Valid, purged.Error);
        purged.Output.Should().Contain("Purged 7 record(s)").And.Contain("2 month partition(s) went whole")
            .And.Contain("then row by row: 1 record(s)").And.Contain("retention anchor at row 7");
        (await PartitionsAsync("audit_events_p202503", "audit_events_p202504")).Should().Be(0, "the months were detached and dropped");
        (await PartitionsAsync("audit_events_p202505")).Should().Be(1);
        (await Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema.Name}\".audit_events WHERE action = 'audit.purged'")).Should().Be(1,
            "the purge is recorded, written into the partitioned table");

        var verified = await RunAsync(["verify", .. StoreOf(Schema)]);
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
        verified.Output.Should().Contain("rows verified: 2").And.Contain("the retention anchor at row 7");
    }

    [PostgreSqlFact]
    public async Task PurgeExecute_WhileAReaderTransactionHoldsTheTable_PurgesRowByRow_SaysSoOnStderr_AndTheNextPurgeDropsTheMonths()
    {
        await WritePartitionedAsync();

        // The command's store starts on the system clock; its months ahead exist already, as retention keeps them.
        (await Schema.CreateStore(batchedWrites: true, o => o.Partitioning = new PostgreSqlPartitioningOptions()).CountAsync(AuditFilter.All)).Should().Be(8);

        // A long read (an export, a verification) keeps its lock on the table until its transaction ends.
        await using var reader = new Npgsql.NpgsqlConnection(Schema.ConnectionString);
        await reader.OpenAsync();
        await using var readTransaction = await reader.BeginTransactionAsync();
        await using (var read = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM \"{Schema.Name}\".audit_events", reader, readTransaction))
        {
            (await read.ExecuteScalarAsync()).Should().Be(8L);
        }

        var purged = await RunAsync(["purge", .. StoreOf(Schema), "--before", Cutoff, "--execute"]);

        purged.Exit.Should().Be(AuditTrailCommand.Valid, purged.Error);
        purged.Output.Should().Contain("Purged 7 record(s)").And.NotContain("went whole").And.Contain("retention anchor at row 7");
        purged.Error.Should().Contain("audit_events_p202503").And.Contain("audit_events_p202504").And.Contain("row by row")
            .And.Contain("a later purge drops");
        (await PartitionsAsync("audit_events_p202503", "audit_events_p202504")).Should().Be(2, "the reader kept the months from being dropped");
        (await Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema.Name}\".audit_events WHERE action = 'audit.purged'")).Should().Be(1);

        await readTransaction.CommitAsync();
        var next = await RunAsync(["purge", .. StoreOf(Schema), "--before", Cutoff, "--execute"]);

        next.Exit.Should().Be(AuditTrailCommand.Valid, next.Error);
        next.Output.Should().Contain("2 month partition(s) went whole").And.Contain("Nothing went");
        next.Error.Should().BeEmpty();
        (await PartitionsAsync("audit_events_p202503", "audit_events_p202504")).Should().Be(0, "the emptied months are dropped once the reader is gone");
        var verified = await RunAsync(["verify", .. StoreOf(Schema)]);
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
        verified.Output.Should().Contain("rows verified: 2").And.Contain("the retention anchor at row 7");
    }

    [PostgreSqlFact]
    public async Task Stats_PartitionedLayout_CountsTheSizeOfEveryPartition()
    {
        await WritePartitionedAsync();

        var (exit, output, error) = await RunAsync(["stats", .. StoreOf(Schema), "--json"]);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        var json = System.Text.Json.JsonDocument.Parse(output).RootElement;
        json.GetProperty("rows").GetInt64().Should().Be(8);
        var partitions = await Schema.ScalarAsync<long>(
            $"SELECT sum(pg_total_relation_size(relid))::bigint FROM pg_partition_tree('\"{Schema.Name}\".audit_events')");
        partitions.Should().BeGreaterThan(0);
        json.GetProperty("size").GetProperty("audit_events").GetInt64().Should().Be(partitions, "a partitioned table's size is its partitions'");
    }

    [PostgreSqlFact]
    public async Task ArchivePurge_PartitionedLayout_ArchivesEveryRecordBeforeItsMonthGoes_OneUnbrokenChain()
    {
        await WritePartitionedAsync();

        var archived = await RunAsync(["archive", .. StoreOf(Schema), "--dir", _archive, "--before", Cutoff, "--max-records", "2", "--purge"]);
        var verified = await RunAsync(["verify-archive", _archive, .. StoreOf(Schema)]);

        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        archived.Output.Should().Contain("Archived 7 record(s)").And.Contain("in 4 segment(s)").And.Contain("Purged 7 archived record(s)");
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
        verified.Output.Should().Contain("segments verified: 4 (7 record(s), rows 1 to 7").And.Contain("retention anchor at row 7 continues the archive");
        (await PartitionsAsync("audit_events_p202503")).Should().Be(0, "March went once its last record was archived");
    }

    [PostgreSqlFact]
    public async Task VerifyAndStats_PartitionedLayout_ReadOnlyRole_RunAsOnAPlainTable()
    {
        var store = Schema.CreateStore(batchedWrites: true, o => o.Partitioning = new PostgreSqlPartitioningOptions());
        await store.WriteAsync([Some.Record(DateTimeOffset.UtcNow)]);
        var role = "auditor_" + Guid.NewGuid().ToString("N")[..12];
        await Schema.ExecuteAsync($"CREATE ROLE {role} LOGIN PASSWORD 'pw'; GRANT USAGE ON SCHEMA \"{Schema.Name}\" TO {role}; " +
            $"GRANT SELECT ON ALL TABLES IN SCHEMA \"{Schema.Name}\" TO {role}");
        try
        {
            var auditor = new Npgsql.NpgsqlConnectionStringBuilder(Schema.ConnectionString) { Username = role, Password = "pw" }.ConnectionString;

            var verified = await RunAsync(["verify", "--postgres", auditor, "--schema", Schema.Name]);
            var stats = await RunAsync(["stats", "--postgres", auditor, "--schema", Schema.Name, "--json"]);

            verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
            verified.Output.Should().Contain("rows verified: 1");
            stats.Exit.Should().Be(AuditTrailCommand.Valid, stats.Error);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await Schema.ExecuteAsync($"DROP OWNED BY {role}");
            await TestDatabase.ExecuteAsync(PostgreSqlEnvironment.ConnectionString(), $"DROP ROLE {role}");
        }
    }
}
