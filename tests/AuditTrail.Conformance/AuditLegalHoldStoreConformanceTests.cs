using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// What every <see cref="IAuditLegalHoldStore"/> must do: keep holds exactly (scope, reason, who and when, to the
/// microsecond), release each once, and find the earliest record a scope covers. A store's test project derives from
/// this class; <see cref="CreateHoldStoreAsync"/> returns a new instance over the same storage each time it is called
/// in a test, empty at the start of the test, and <see cref="AppendAsync"/> writes records to the trail it holds.
/// </summary>
public abstract class AuditLegalHoldStoreConformanceTests : IAsyncLifetime
{
    /// <summary>A time on a whole microsecond, which every store keeps exactly.</summary>
    protected static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    private IAuditLegalHoldStore? _holds;

    /// <summary>The instance created for the test.</summary>
    protected IAuditLegalHoldStore Holds => _holds ?? throw new InvalidOperationException("Created in InitializeAsync.");

    /// <summary>A new instance over the test's storage (each call is another application instance).</summary>
    protected abstract Task<IAuditLegalHoldStore> CreateHoldStoreAsync();

    /// <summary>Writes <paramref name="records"/> to the trail whose holds the store keeps.</summary>
    /// <param name="records">The records, in write order.</param>
    protected abstract Task AppendAsync(IReadOnlyList<AuditRecord> records);

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => _holds = await CreateHoldStoreAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AddHold_IsListedExactly_ByAnotherInstance()
    {
        var hold = Hold(new AuditLegalHoldScope { TenantId = "acme", ActorId = "u-mike", From = Now.AddDays(-30), Until = Now.AddDays(-1) }, Now);

        await Holds.AddHoldAsync(hold);
        var other = await CreateHoldStoreAsync();

        (await other.GetHoldsAsync()).Should().Equal(hold);
        (await other.GetHoldsAsync())[0].IsActive.Should().BeTrue();
    }

    [Fact]
    public async Task GetHolds_ListsOldestPlacedFirst_WithUnsetScopePartsAsNull()
    {
        var later = Hold(new AuditLegalHoldScope { ActorId = "u-john" }, Now.AddMinutes(5));
        var earlier = Hold(new AuditLegalHoldScope { Until = Now }, Now);

        await Holds.AddHoldAsync(later);
        await Holds.AddHoldAsync(earlier);

        (await Holds.GetHoldsAsync()).Should().Equal(earlier, later);
    }

    [Fact]
    public async Task ReleaseHold_ReleasesAnActiveHoldOnce_AndKeepsWhoAndWhen()
    {
        var hold = Hold(new AuditLegalHoldScope { TenantId = "acme" }, Now);
        await Holds.AddHoldAsync(hold);

        (await Holds.ReleaseHoldAsync(hold.Id, "u-legal", Now.AddHours(1))).Should().BeTrue();
        (await Holds.ReleaseHoldAsync(hold.Id, "u-other", Now.AddHours(2))).Should().BeFalse("it was released before");

        (await Holds.GetHoldsAsync()).Should().Equal(hold with { ReleasedBy = "u-legal", ReleasedAt = Now.AddHours(1) });
    }

    [Fact]
    public async Task ReleaseHold_UnknownId_ReturnsFalse()
    {
        (await Holds.ReleaseHoldAsync(Guid.CreateVersion7(), "u-legal", Now)).Should().BeFalse();
    }

    [Fact]
    public async Task GetOldestOccurredAt_FindsTheEarliestRecordInScope_ByTenantActorAndRange()
    {
        await AppendAsync(
        [
            Some.Record(Now.AddDays(-10)) with { Id = Some.Id(), TenantId = "acme", Actor = AuditActor.User("u-mike", "Mike") },
            Some.Record(Now.AddDays(-20)) with { Id = Some.Id(), TenantId = "globex", Actor = AuditActor.User("u-mike", "Mike") },
            Some.Record(Now.AddDays(-5)) with { Id = Some.Id(), TenantId = "acme", Actor = AuditActor.User("u-john", "John") },
            Some.Record(Now.AddDays(-2)) with { Id = Some.Id(), TenantId = "acme", Actor = AuditActor.User("u-mike", "Mike") },
        ]);

        (await Holds.GetOldestOccurredAtAsync(new AuditLegalHoldScope { TenantId = "acme" })).Should().Be(Now.AddDays(-10));
        (await Holds.GetOldestOccurredAtAsync(new AuditLegalHoldScope { ActorId = "u-mike" })).Should().Be(Now.AddDays(-20));
        (await Holds.GetOldestOccurredAtAsync(new AuditLegalHoldScope { TenantId = "acme", ActorId = "u-john" })).Should().Be(Now.AddDays(-5));
        (await Holds.GetOldestOccurredAtAsync(new AuditLegalHoldScope { TenantId = "acme", From = Now.AddDays(-9) })).Should().Be(Now.AddDays(-5));
        (await Holds.GetOldestOccurredAtAsync(new AuditLegalHoldScope { ActorId = "u-mike", From = Now.AddDays(-15), Until = Now.AddDays(-10) })).Should().BeNull("the range's end is exclusive");
        (await Holds.GetOldestOccurredAtAsync(new AuditLegalHoldScope { TenantId = "initech" })).Should().BeNull();
    }

    [Fact]
    public async Task AddHold_OnTheLongestActorIdARecordKeeps_IsKeptExactly_AndFindsThatActorsRecords()
    {
        var actor = new string('a', AuditLimits.ActorId - 1) + "\u00e9";
        await AppendAsync([Some.Record(Now.AddDays(-3)) with { Id = Some.Id(), Actor = AuditActor.User(actor, "Long") }]);
        var hold = Hold(new AuditLegalHoldScope { ActorId = actor }, Now);

        await Holds.AddHoldAsync(hold);

        (await (await CreateHoldStoreAsync()).GetHoldsAsync()).Should().Equal(hold);
        (await Holds.GetOldestOccurredAtAsync(hold.Scope)).Should().Be(Now.AddDays(-3));
    }

    private static AuditLegalHold Hold(AuditLegalHoldScope scope, DateTimeOffset placedAt) => new()
    {
        Id = Guid.CreateVersion7(placedAt),
        Scope = scope,
        Reason = "Case 42: litigation hold",
        PlacedBy = "u-legal",
        PlacedAt = placedAt,
    };
}
