using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Retention;

/// <summary>Holds at the edges of what a scope takes: the first and last instants, and the longest ids records keep.</summary>
public sealed class HoldScopeEdgeTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Some.BaseTime + TimeSpan.FromDays(200));

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// A hold open to the end of time (an "until forever" written as <see cref="DateTimeOffset.MaxValue"/>, which the
    /// API, the command line and the HTTP body all accept) is stored in whole microseconds: it must read back, or no hold
    /// could be listed or released and every retention pass would fail on reading it.
    /// </summary>
    [Fact]
    public async Task Hold_FromTheFirstToTheLastInstant_IsListedReleasedAndHoldsRetentionBack()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail(o => o.Retention.Period = TimeSpan.FromDays(90)).UseSqlite(_database.Path);
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IAuditStore>();
        await store.WriteAsync(Some.Records(5, i => Some.Time(i)));
        var holds = provider.GetRequiredService<IAuditLegalHolds>();
        var legal = AuditActor.User("u-legal", "Legal");

        var hold = await holds.PlaceAsync(new AuditLegalHoldScope { From = DateTimeOffset.MinValue, Until = DateTimeOffset.MaxValue }, "Case 42", legal);

        var listed = (await holds.ListAsync(null, includeReleased: false)).Should().ContainSingle().Subject;
        listed.Scope.From.Should().Be(DateTimeOffset.MinValue);
        listed.Scope.Until.Should().BeCloseTo(DateTimeOffset.MaxValue, TimeSpan.FromMicroseconds(1));
        (await provider.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(0, "the hold keeps every record");

        (await holds.ReleaseAsync(hold.Id, legal)).Should().NotBeNull();
        (await provider.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(5, "released, the hold keeps nothing");
    }

    /// <summary>
    /// The store keeps times in whole microseconds, as records, checkpoints and archives have them: a hold placed and
    /// released by a clock with a seventh fractional digit answers the times it is then listed with, so the hold the
    /// API returns (and the HTTP API's 201 body) equals the one read back.
    /// </summary>
    [Fact]
    public async Task PlaceAndRelease_ClockWithSubMicrosecondTicks_ReturnTheTimesTheStoreKeeps()
    {
        var start = Some.BaseTime + TimeSpan.FromDays(200);
        _clock.SetUtcNow(start + TimeSpan.FromTicks(7_540_659));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail().UseSqlite(_database.Path);
        await using var provider = services.BuildServiceProvider();
        var holds = provider.GetRequiredService<IAuditLegalHolds>();
        var legal = AuditActor.User("u-legal", "Legal");

        var placed = await holds.PlaceAsync(new AuditLegalHoldScope { TenantId = "t-1" }, "Case 43", legal);
        _clock.Advance(TimeSpan.FromTicks(1_234_567));
        var released = await holds.ReleaseAsync(placed.Id, legal);

        var listed = (await holds.ListAsync(null, includeReleased: true)).Should().ContainSingle().Subject;
        placed.PlacedAt.Should().Be(listed.PlacedAt);
        placed.PlacedAt.UtcTicks.Should().Be(start.UtcTicks + 7_540_650, "a time is cut to its microsecond, as a record's");
        released!.ReleasedAt.Should().Be(listed.ReleasedAt);
        listed.ReleasedAt!.Value.UtcTicks.Should().Be(start.UtcTicks + 8_775_220, "cut to its microsecond too");
    }

    /// <summary>
    /// A record keeps at most <see cref="AuditLimits.TenantId"/> characters of its tenant id (a longer one is cut and
    /// marked): a hold on a longer tenant id would match no record and let retention purge what it was placed to keep.
    /// </summary>
    [Fact]
    public async Task Hold_TenantIdLongerThanARecordKeeps_IsRefusedNamingIt_AndTheLongestItKeepsHolds()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail(o => o.Retention.Period = TimeSpan.FromDays(90)).UseSqlite(_database.Path);
        await using var provider = services.BuildServiceProvider();
        var logger = provider.GetRequiredService<IAuditLogger>();
        var longest = new string('t', AuditLimits.TenantId);
        foreach (var tenant in new[] { longest, longest + "x" })
        {
            await logger.LogAsync(new AuditEvent { Action = "doc.read", ActionType = AuditActionType.Access, OccurredAt = Some.BaseTime, TenantId = tenant });
        }

        var holds = provider.GetRequiredService<IAuditLegalHolds>();
        var legal = AuditActor.User("u-legal", "Legal");

        var tooLong = () => holds.PlaceAsync(new AuditLegalHoldScope { TenantId = longest + "x" }, "Case 42", legal);

        (await tooLong.Should().ThrowAsync<ArgumentException>()).Which.Should().Match<ArgumentException>(
            e => e.ParamName == "scope.TenantId" && e.Message.Contains($"{AuditLimits.TenantId} characters", StringComparison.Ordinal));
        await holds.PlaceAsync(new AuditLegalHoldScope { TenantId = longest }, "Case 42", legal);
        (await provider.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(0, "the hold keeps the first record, so the prefix stops there");
    }
}
