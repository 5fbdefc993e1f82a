using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The whole library over the partitioned layout. The store's clock stands eight months before the suite's, with a year
/// of months ahead, so the suite's records (up to 200 days old) fall in month partitions and retention drops whole months.
/// </summary>
[PostgreSqlRequired]
public sealed class PostgreSqlPartitionedTrailConformanceTests : PostgreSqlAuditTrailConformanceTests
{
    private static readonly AuditActor Legal = AuditActor.User("u-legal", "Legal");

    private PostgreSqlAuditStore? _store;

    protected override Action<PostgreSqlAuditStoreOptions>? Configure => options => options.Partitioning = new PostgreSqlPartitioningOptions { MonthsAhead = 12 };

    protected override TimeProvider StoreClock { get; } = new ManualTimeProvider(Now.AddMonths(-8));

    protected override IAuditStore CreateStore() => _store = (PostgreSqlAuditStore)base.CreateStore();

    [Fact]
    public async Task Retention_DropsWholeMonths_ButNotAHeldOne_UntilReleased()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        var april = await Logger.LogAsync(Event(John, "server.created", AuditActionType.Create) with { OccurredAt = new DateTimeOffset(2026, 4, 10, 8, 0, 0, TimeSpan.Zero) });
        var may = await Logger.LogAsync(Event(Mike, "server.updated", AuditActionType.Update) with { OccurredAt = new DateTimeOffset(2026, 5, 10, 8, 0, 0, TimeSpan.Zero) });
        var june = await Logger.LogAsync(Event(John, "server.deleted", AuditActionType.Delete) with { OccurredAt = new DateTimeOffset(2026, 6, 10, 8, 0, 0, TimeSpan.Zero) });
        var recent = await Logger.LogAsync(Event(John, "server.created", AuditActionType.Create) with { OccurredAt = Now.AddHours(-1) });
        var holds = Services.GetRequiredService<IAuditLegalHolds>();
        var retention = Services.GetRequiredService<IAuditRetention>();
        var hold = await holds.PlaceAsync(new AuditLegalHoldScope { ActorId = Mike.Id }, "Case 42", Legal);

        (await retention.PurgeAsync()).Should().Be(1, "April goes whole; May holds a held record");
        (await MonthsAsync()).Should().NotContain(["p202603", "p202604"]).And.Contain(["p202605", "p202606"]);
        var remaining = (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).ToList();
        remaining.Should().Contain([may, june, recent]).And.NotContain(april);

        await holds.ReleaseAsync(hold.Id, Legal);
        (await retention.PurgeAsync()).Should().Be(2, "released, May and June go whole");
        (await MonthsAsync()).Should().NotContain(["p202605", "p202606", "p202607"]).And.Contain("p202611");
        (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).Should().Contain(recent).And.NotContain([may, june]);

        var report = await new AuditVerifier(_store!, checkpoints: null, keys: null).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.Anchor.Should().NotBeNull();
    }

    [Fact]
    public async Task Retention_HeldRecordInAnOldMonth_KeepsThatMonth_TheMonthsBeforeGoWhole_AndItsEarlierRowsRowByRow()
    {
        await StartAsync(o => o.Retention.Period = TimeSpan.FromDays(90));
        async Task<Guid> LogAsync(AuditActor actor, int month, int day) =>
            await Logger.LogAsync(Event(actor, "server.updated", AuditActionType.Update) with { OccurredAt = new DateTimeOffset(2026, month, day, 8, 0, 0, TimeSpan.Zero) });
        Guid[] march = [await LogAsync(John, 3, 25), await LogAsync(John, 3, 26)];
        Guid[] april = [await LogAsync(John, 4, 10), await LogAsync(John, 4, 11)];
        var mayBefore = await LogAsync(John, 5, 5);
        var held = await LogAsync(Mike, 5, 10);
        var mayAfter = await LogAsync(John, 5, 20);
        var june = await LogAsync(John, 6, 10);
        var recent = await Logger.LogAsync(Event(John, "server.created", AuditActionType.Create) with { OccurredAt = Now.AddHours(-1) });
        await Services.GetRequiredService<IAuditLegalHolds>().PlaceAsync(new AuditLegalHoldScope { ActorId = Mike.Id }, "Case 43", Legal);

        var purged = await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        purged.Should().Be(5, "March and April go whole, and May's record before the held one row by row");
        (await MonthsAsync()).Should().NotContain(["p202603", "p202604"]).And.Contain(["p202605", "p202606"], "the held record keeps its month, and what follows it stays");
        var remaining = (await AllPagesAsync(Admin, new AuditQuery())).Select(r => r.Id).ToList();
        remaining.Should().Contain([held, mayAfter, june, recent]).And.NotContain([.. march, .. april, mayBefore]);
        var report = await new AuditVerifier(_store!, checkpoints: null, keys: null).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.Anchor!.Sequence.Should().Be(5, "the chain now starts after the last purged record");
    }

    private async Task<List<string>> MonthsAsync() =>
        (await TestDatabase.ColumnAsync<string>(Schema.ConnectionString,
            $"SELECT substr(c.relname::text, length('audit_events_') + 1) FROM pg_inherits AS i JOIN pg_class AS c ON c.oid = i.inhrelid " +
            $"WHERE i.inhparent = '\"{Schema.Name}\".audit_events'::regclass ORDER BY 1")).ToList();
}
