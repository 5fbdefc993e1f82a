using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// What every <see cref="IAuditConsumerCheckpoints"/> must do: durable positions that only move forward, and a lease
/// per consumer name that one owner holds at a time, expires, renews and can be released. A store's test project
/// derives from this class; <see cref="CreateCheckpointsAsync"/> returns a new instance over the same storage each time
/// it is called in a test (another application instance), empty at the start of the test.
/// </summary>
public abstract class AuditConsumerCheckpointsConformanceTests : IAsyncLifetime
{
    /// <summary>A time on a whole microsecond, which every store keeps exactly.</summary>
    protected static readonly DateTimeOffset Now = new(2026, 12, 3, 15, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private IAuditConsumerCheckpoints? _checkpoints;

    /// <summary>The instance created for the test.</summary>
    protected IAuditConsumerCheckpoints Checkpoints => _checkpoints ?? throw new InvalidOperationException("Created in InitializeAsync.");

    /// <summary>A new instance over the test's storage (called more than once per test: each call is another application instance).</summary>
    protected abstract Task<IAuditConsumerCheckpoints> CreateCheckpointsAsync();

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => _checkpoints = await CreateCheckpointsAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TryAcquireLease_NewName_StartsAtPositionZero_HeldByTheCaller()
    {
        var checkpoint = await Checkpoints.TryAcquireLeaseAsync("siem", "a", Now, Lease);

        checkpoint.Should().Be(new AuditConsumerCheckpoint("siem", 0, "a", Now + Lease));
        (await Checkpoints.GetCheckpointsAsync()).Should().Equal(checkpoint!);
    }

    [Fact]
    public async Task TryAcquireLease_HeldByAnother_IsRefusedUntilItExpires_ThenTakenOverAtTheSavedPosition()
    {
        var other = await CreateCheckpointsAsync();
        await Checkpoints.TryAcquireLeaseAsync("siem", "a", Now, Lease);
        await Checkpoints.AdvanceAsync("siem", "a", 7, Now);

        (await other.TryAcquireLeaseAsync("siem", "b", Now + Lease - TimeSpan.FromSeconds(1), Lease)).Should().BeNull("a holds an unexpired lease");
        var taken = await other.TryAcquireLeaseAsync("siem", "b", Now + Lease, Lease);

        taken.Should().Be(new AuditConsumerCheckpoint("siem", 7, "b", Now + Lease + Lease));
        (await Checkpoints.TryAcquireLeaseAsync("siem", "a", Now + Lease, Lease)).Should().BeNull("b holds it now");
    }

    [Fact]
    public async Task TryAcquireLease_ByTheHolder_RenewsIt()
    {
        await Checkpoints.TryAcquireLeaseAsync("siem", "a", Now, Lease);

        var renewed = await Checkpoints.TryAcquireLeaseAsync("siem", "a", Now + TimeSpan.FromSeconds(20), Lease);

        renewed!.LeaseExpiresAt.Should().Be(Now + TimeSpan.FromSeconds(50));
        (await Checkpoints.TryAcquireLeaseAsync("siem", "b", Now + TimeSpan.FromSeconds(40), Lease)).Should().BeNull("the renewed lease runs to 50 s");
    }

    [Fact]
    public async Task TryAcquireLease_RacingInstances_ExactlyOneWins()
    {
        var instances = new List<IAuditConsumerCheckpoints>();
        for (var i = 0; i < 8; i++)
        {
            instances.Add(await CreateCheckpointsAsync());
        }

        var results = await Task.WhenAll(instances.Select((instance, i) => Task.Run(() => instance.TryAcquireLeaseAsync("siem", "owner-" + i, Now, Lease))));

        results.Where(result => result is not null).Should().ContainSingle("one consumer name runs in one instance at a time");
    }

    [Fact]
    public async Task AdvanceAsync_MovesForward_AndANewInstanceReadsIt()
    {
        await Checkpoints.TryAcquireLeaseAsync("siem", "a", Now, Lease);

        await Checkpoints.AdvanceAsync("siem", "a", 5, Now);
        await Checkpoints.AdvanceAsync("siem", "a", 5, Now + TimeSpan.FromSeconds(1));
        await Checkpoints.AdvanceAsync("siem", "a", 9, Now + TimeSpan.FromSeconds(2));

        var restarted = await CreateCheckpointsAsync();
        (await restarted.GetCheckpointsAsync()).Single().Position.Should().Be(9);
    }

    [Fact]
    public async Task AdvanceAsync_Backwards_Throws_AndKeepsThePosition()
    {
        await Checkpoints.TryAcquireLeaseAsync("siem", "a", Now, Lease);
        await Checkpoints.AdvanceAsync("siem", "a", 9, Now);

        var act = () => Checkpoints.AdvanceAsync("siem", "a", 8, Now);

        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.Message.Should().Contain("only moves forward");
        (await Checkpoints.GetCheckpointsAsync()).Single().Position.Should().Be(9);
    }

    [Fact]
    public async Task AdvanceAsync_WithoutTheLease_ThrowsLeaseLost_AndKeepsThePosition()
    {
        var other = await CreateCheckpointsAsync();
        await Checkpoints.TryAcquireLeaseAsync("siem", "a", Now, Lease);
        await Checkpoints.AdvanceAsync("siem", "a", 3, Now);

        await FluentActions.Awaiting(() => other.AdvanceAsync("siem", "b", 10, Now)).Should().ThrowAsync<AuditConsumerLeaseLostException>();
        await FluentActions.Awaiting(() => Checkpoints.AdvanceAsync("siem", "a", 10, Now + Lease)).Should().ThrowAsync<AuditConsumerLeaseLostException>("the lease expired");
        await FluentActions.Awaiting(() => Checkpoints.AdvanceAsync("never-seen", "a", 1, Now)).Should().ThrowAsync<AuditConsumerLeaseLostException>();

        (await Checkpoints.GetCheckpointsAsync()).Single().Position.Should().Be(3);
    }

    [Fact]
    public async Task ReleaseLeaseAsync_LetsAnotherOwnerTakeOverAtOnce_AndIgnoresANonHolder()
    {
        var other = await CreateCheckpointsAsync();
        await Checkpoints.TryAcquireLeaseAsync("siem", "a", Now, Lease);

        await other.ReleaseLeaseAsync("siem", "b");
        (await other.TryAcquireLeaseAsync("siem", "b", Now, Lease)).Should().BeNull("b never held the lease, so its release changed nothing");
        await Checkpoints.ReleaseLeaseAsync("siem", "a");

        (await other.TryAcquireLeaseAsync("siem", "b", Now + TimeSpan.FromSeconds(1), Lease))!.LeaseOwner.Should().Be("b");
        await FluentActions.Awaiting(() => Checkpoints.AdvanceAsync("siem", "a", 1, Now + TimeSpan.FromSeconds(1))).Should().ThrowAsync<AuditConsumerLeaseLostException>();
    }

    [Fact]
    public async Task Consumers_OfDifferentNames_AreIndependent_AndListedByName()
    {
        await Checkpoints.TryAcquireLeaseAsync("webhook", "a", Now, Lease);
        await Checkpoints.TryAcquireLeaseAsync("siem", "b", Now, Lease);
        await Checkpoints.AdvanceAsync("siem", "b", 4, Now);

        (await Checkpoints.GetCheckpointsAsync()).Should().Equal(
            new AuditConsumerCheckpoint("siem", 4, "b", Now + Lease),
            new AuditConsumerCheckpoint("webhook", 0, "a", Now + Lease));
    }
}
