using System.Reflection;
using AuditTrail.Conformance.Support;
using AuditTrail.SqlServer.Tests.Support;

namespace AuditTrail.SqlServer.Tests;

/// <summary>
/// Golden tests: the exact T-SQL (and parameters, transactions and prepares) that the SQL Server store sends for
/// every statement shape, compared with the committed files in Golden/. They run without a server; a change to the
/// generated SQL shows up as a failing diff here. To accept an intended change, run once with
/// AUDITTRAIL_UPDATE_GOLDEN=1 (the files are rewritten and the tests fail), review the diff, and commit it.
/// </summary>
public sealed class GeneratedSqlTests
{
    private static readonly Guid FirstId = Guid.Parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
    private static readonly Guid SecondId = Guid.Parse("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c");

    public static TheoryData<string> Cases() => [.. Operations.Keys];

    private static readonly Dictionary<string, Func<IAuditStore, Task>> Operations = new()
    {
        ["Insert"] = store => store.WriteAsync(
        [
            Some.FullRecord() with { Id = FirstId },
            Some.Record(Some.BaseTime) with { Id = SecondId, Resource = null, Description = null, SourceIp = null, UserAgent = null, CorrelationId = null, Changes = [] },
        ]),
        ["Query_All"] = store => Query(store, AuditFilter.All),
        ["Query_ActionTypes"] = store => Query(store, new AuditFilter { ActionTypes = [AuditActionType.Security, AuditActionType.Authentication] }),
        ["Query_Actions"] = store => Query(store, new AuditFilter { Actions = ["server.updated", "server.deleted"] }),
        ["Query_ActorIds"] = store => Query(store, new AuditFilter { ActorIds = ["u-mike"] }),
        ["Query_TargetUser"] = store => Query(store, new AuditFilter { TargetUserId = "u-mike" }),
        ["Query_Resource"] = store => Query(store, new AuditFilter { ResourceType = "server", ResourceId = "srv-3" }),
        ["Query_Outcome"] = store => Query(store, new AuditFilter { Outcome = AuditOutcome.Failure }),
        ["Query_FromTo"] = store => Query(store, new AuditFilter { From = Some.At("2026-11-01T00:00:00Z"), To = Some.At("2026-11-20T14:34:00.1234567+01:00") }),
        ["Query_Search"] = store => Query(store, new AuditFilter { Search = "Web-03 [50%_off]\\" }),
        ["Query_SourceIp"] = store => Query(store, new AuditFilter { SourceIp = "10.0.0.1" }),
        ["Query_TenantId"] = store => Query(store, new AuditFilter { TenantId = "acme" }),
        ["Query_Scopes"] = store => Query(store, new AuditFilter { ScopeActorId = "u-mike", ScopeTenantId = "acme", ActorIds = ["u-john"] }),
        ["Query_ScopesWithTargetUser"] = store => Query(store, new AuditFilter { ScopeActorId = "u-mike", ScopeIncludesTargetUser = true, ScopeTenantId = "acme", ActorIds = ["u-john"] }),
        ["Query_After"] = store => store.QueryAsync(new AuditStoreQuery(AuditFilter.All, new AuditPosition(Some.BaseTime, FirstId), 51)),
        ["Query_AfterTo"] = store => store.QueryAsync(new AuditStoreQuery(new AuditFilter { To = Some.At("2026-11-20T14:34:00Z") }, new AuditPosition(Some.BaseTime, FirstId), 51)),
        ["StreamSummaries"] = async store =>
        {
            await foreach (var record in ((IAuditSummaryStore)store).StreamSummariesAsync(new AuditFilter { ActionTypes = [AuditActionType.Update], From = Some.At("2026-11-01T00:00:00Z"), To = Some.At("2026-11-20T14:34:00Z") }))
            {
                record.Should().NotBeNull();
            }
        },
        ["Count"] = store => store.CountAsync(new AuditFilter { ActionTypes = [AuditActionType.Delete], Search = "x", From = Some.BaseTime }),
        ["CountUpTo"] = store => store.CountUpToAsync(new AuditFilter { ActionTypes = [AuditActionType.Delete], Search = "x", From = Some.BaseTime }, 10_001),
        ["CountUpTo_ScopesWithTargetUser"] = store => store.CountUpToAsync(new AuditFilter { ScopeActorId = "u-mike", ScopeIncludesTargetUser = true, ScopeTenantId = "acme" }, 101),
        ["Facets"] = store => store.GetFacetsAsync(new AuditFilter { ScopeTenantId = "acme" }),
        ["Histogram"] = store => ((IAuditHistogramStore)store).CountPerBucketAsync(
            new AuditFilter { ScopeActorId = "u-mike", ScopeTenantId = "acme", ActionTypes = [AuditActionType.Delete], From = Some.At("2026-11-01T00:30:00Z"), To = Some.At("2026-11-20T14:34:00Z") },
            new AuditHistogramBuckets(Some.At("2026-11-01T00:00:00Z"), AuditHistogramInterval.Day, 20)),
        ["Histogram_Earliest"] = store => ((IAuditHistogramStore)store).GetEarliestOccurredAtAsync(new AuditFilter { ScopeTenantId = "acme" }),
        ["Histogram_EarliestInViewerScope"] = store => ((IAuditHistogramStore)store).GetEarliestOccurredAtAsync(
            new AuditFilter { ScopeActorId = "u-mike", ScopeIncludesTargetUser = true, ScopeTenantId = "acme", To = Some.At("2026-11-20T14:34:00Z") }),
        ["Get"] = store => store.GetAsync(FirstId),
        ["ChainPosition"] = store => ((IAuditChainPositionStore)store).GetChainPositionAsync(FirstId),
        ["Purge"] = store => store.PurgeAsync(Some.At("2025-01-01T00:00:00Z"), 1000),
        ["NewestRecordedAt"] = store => store.GetNewestRecordedAtAsync(),
        ["Consumer_TryAcquireLease"] = store => ((IAuditConsumerCheckpoints)store).TryAcquireLeaseAsync("siem", "host-a", Some.BaseTime, TimeSpan.FromSeconds(30)),

        // The recording database reports no row updated, so the store reads the row to say why and finds no lease.
        ["Consumer_Advance"] = store => FluentActions.Awaiting(() => ((IAuditConsumerCheckpoints)store).AdvanceAsync("siem", "host-a", 42, Some.BaseTime))
            .Should().ThrowAsync<AuditConsumerLeaseLostException>(),
        ["Consumer_ReleaseLease"] = store => ((IAuditConsumerCheckpoints)store).ReleaseLeaseAsync("siem", "host-a"),
        ["Consumer_Checkpoints"] = store => ((IAuditConsumerCheckpoints)store).GetCheckpointsAsync(),

        // The recording database reports the session lock taken; the lock's own connection releases it when disposed.
        ["PurgeLock"] = async store =>
        {
            var held = await ((IAuditPurgeLock)store).TryAcquirePurgeLockAsync();
            held.Should().NotBeNull();
            await held!.DisposeAsync();
        },
        ["Hold_Add"] = store => ((IAuditLegalHoldStore)store).AddHoldAsync(new AuditLegalHold
        {
            Id = FirstId,
            Scope = new AuditLegalHoldScope { TenantId = "acme", ActorId = "u-mike", From = Some.At("2026-11-01T00:00:00Z"), Until = Some.At("2026-12-01T00:00:00Z") },
            Reason = "Case 42",
            PlacedBy = "u-legal",
            PlacedAt = Some.BaseTime,
        }),
        ["Hold_Release"] = store => ((IAuditLegalHoldStore)store).ReleaseHoldAsync(FirstId, "u-legal", Some.BaseTime),
        ["Hold_All"] = store => ((IAuditLegalHoldStore)store).GetHoldsAsync(),
        ["ReadChain"] = async store =>
        {
            await foreach (var entry in ((IAuditChainStore)store).ReadChainAsync(0))
            {
                entry.Should().NotBeNull();
            }
        },

        // The recording database returns no row, so the store reads the rows and the anchor and finds nothing to tombstone.
        ["Tombstone"] = store => FluentActions.Awaiting(() => ((IAuditTombstoneStore)store).TombstoneAsync([new AuditTombstoneRequest(5, FirstId, "retention:Rules[0]")]))
            .Should().ThrowAsync<InvalidOperationException>(),
        ["Erase"] = store => ((IAuditErasureStore)store).EraseAsync("u-mike", AuditPseudonym.For("key"u8, "u-mike")),
        ["Hold_OldestOccurredAt"] = store => ((IAuditLegalHoldStore)store).GetOldestOccurredAtAsync(new AuditLegalHoldScope { TenantId = "acme", ActorId = "u-mike", Until = Some.At("2026-12-01T00:00:00Z") }),
    };

    [Fact]
    public async Task Migration_MatchesTheGoldenFile()
    {
        var database = new RecordingDatabase();
        var store = new SqlServerAuditStore(database.CreateConnection, new SqlServerAuditStoreOptions { Schema = "audit" });

        await store.InitializeAsync();

        await ShouldMatchGoldenAsync("Migration", database.Log);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Statement_MatchesTheGoldenFile(string name)
    {
        var database = new RecordingDatabase();
        var store = new SqlServerAuditStore(database.CreateConnection, new SqlServerAuditStoreOptions());
        database.Scalar = _ => 1;
        await store.InitializeAsync();
        database.Clear();
        database.Scalar = sql => sql.Contains("MAX([recorded_at])", StringComparison.Ordinal) || sql.Contains("MIN([occurred_at])", StringComparison.Ordinal) ? Some.BaseTime
            : sql.Contains("@purge_lock", StringComparison.Ordinal) ? 1 : 0L;

        await Operations[name](store);

        await ShouldMatchGoldenAsync(name, database.Log);
    }

    [Fact]
    public async Task DataSourceOverload_SendsTheSameStatementsAsTheConnectionFactory()
    {
        var fromFactory = new RecordingDatabase();
        var fromDataSource = new RecordingDatabase();
        var first = new SqlServerAuditStore(fromFactory.CreateConnection, new SqlServerAuditStoreOptions());
        var second = new SqlServerAuditStore(fromDataSource.CreateDataSource(), new SqlServerAuditStoreOptions());

        foreach (var store in new[] { first, second })
        {
            await store.InitializeAsync();
            await Operations["Insert"](store);
            await Operations["Query_Search"](store);
        }

        fromDataSource.Log.Should().Be(fromFactory.Log);
    }

    private static Task<IReadOnlyList<AuditRecord>> Query(IAuditStore store, AuditFilter filter) => store.QueryAsync(new AuditStoreQuery(filter, null, 51));

    private static async Task ShouldMatchGoldenAsync(string name, string actual)
    {
        if (Environment.GetEnvironmentVariable("AUDITTRAIL_UPDATE_GOLDEN") == "1")
        {
            var sourceDirectory = typeof(GeneratedSqlTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "GoldenSourceDirectory").Value!;
            await File.WriteAllTextAsync(Path.Combine(sourceDirectory, name + ".sql"), actual);
            throw new Xunit.Sdk.XunitException($"Golden/{name}.sql was rewritten; review the diff, then run again without AUDITTRAIL_UPDATE_GOLDEN.");
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".sql");
        File.Exists(path).Should().BeTrue($"Golden/{name}.sql holds the expected SQL (create it with AUDITTRAIL_UPDATE_GOLDEN=1)");
        var expected = (await File.ReadAllTextAsync(path)).Replace("\r\n", "\n", StringComparison.Ordinal);
        actual.Should().Be(expected, $"the generated T-SQL must match Golden/{name}.sql");
    }
}
