using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Retention;

/// <summary>
/// A hold open to the end of time (an "until forever" written as <see cref="DateTimeOffset.MaxValue"/>, which the API,
/// the command line and the HTTP body all accept) is stored in whole microseconds: it must read back, or no hold could
/// be listed or released and every retention pass would fail on reading it.
/// </summary>
public sealed class HoldTimeEdgeTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Some.BaseTime + TimeSpan.FromDays(200));

    public void Dispose() => _database.Dispose();

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
}
