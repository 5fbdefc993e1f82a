using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Holds;

/// <summary>
/// A hold's tenant is compared with the records' stored tenant, which is at most <see cref="AuditLimits.TenantId"/>
/// characters: a longer one would match no record and hold nothing while retention purged the tenant's records.
/// </summary>
public sealed class LegalHoldScopeLimitTests : IAsyncLifetime
{
    private static readonly AuditActor Legal = AuditActor.User("u-legal", "Legal");

    private readonly InMemoryAuditLegalHoldStore _holdStore = new();
    private ServiceProvider _services = null!;

    private IAuditLegalHolds Holds => _services.GetRequiredService<IAuditLegalHolds>();

    public Task InitializeAsync()
    {
        _services = TestHost.Create(new FakeAuditStore(), options => options.RecordLifecycleEvents = false, services: s => s.AddSingleton<IAuditLegalHoldStore>(_holdStore));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Theory]
    [InlineData(AuditLimits.TenantId + 1)]
    [InlineData(200)]
    public async Task PlaceAsync_TenantLongerThanRecordsKeep_ThrowsNamingScopeTenantIdAndPlacesNothing(int length)
    {
        var place = () => Holds.PlaceAsync(new AuditLegalHoldScope { TenantId = new string('t', length) }, "Case 1", Legal);

        var thrown = await place.Should().ThrowAsync<ArgumentException>();

        thrown.Which.ParamName.Should().Be("scope.TenantId");
        thrown.Which.Message.Should().Contain("1 to 128 characters");
        (await Holds.ListAsync(tenantId: null, includeReleased: true)).Should().BeEmpty();
    }

    [Fact]
    public async Task PlaceAsync_TenantAtTheLimit_IsPlaced()
    {
        var tenant = new string('t', AuditLimits.TenantId);

        var hold = await Holds.PlaceAsync(new AuditLegalHoldScope { TenantId = tenant }, "Case 1", Legal);

        hold.Scope.TenantId.Should().Be(tenant);
    }

    [Fact]
    public async Task PlaceAsync_ActorIdAsLongAsARecordKeeps_IsPlaced()
    {
        var actor = new string('a', AuditLimits.ActorId);

        var hold = await Holds.PlaceAsync(new AuditLegalHoldScope { ActorId = actor }, "Case 1", Legal);

        hold.Scope.ActorId.Should().Be(actor, "a record keeps actor ids of up to AuditLimits.ActorId characters, and a hold must reach each");
    }

    [Fact]
    public async Task PlaceAsync_ActorIdLongerThanRecordsKeep_ThrowsNamingScopeActorIdAndPlacesNothing()
    {
        var place = () => Holds.PlaceAsync(new AuditLegalHoldScope { ActorId = new string('a', AuditLimits.ActorId + 1) }, "Case 1", Legal);

        var thrown = await place.Should().ThrowAsync<ArgumentException>();

        thrown.Which.ParamName.Should().Be("scope.ActorId");
        thrown.Which.Message.Should().Contain("1 to 256 characters");
        (await Holds.ListAsync(tenantId: null, includeReleased: true)).Should().BeEmpty();
    }
}
