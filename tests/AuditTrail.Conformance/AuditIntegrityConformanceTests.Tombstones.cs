using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Tombstones in a real store (docs/integrity.md): retention empties the records of a short-lived category between
/// long-lived ones, keeping their sequence, times, category and hash; the trail still verifies and counts them; a
/// tombstone the policy does not explain, an altered tombstone hash and a row that does not verify are caught; held
/// records stay whole; search no longer finds what a tombstone held; the append-only guard lets nothing else through.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    /// <summary>The reason retention gives the tombstones of <see cref="RestartWithRetentionAsync"/>'s short-lived rule.</summary>
    private const string SessionRule = "retention:Rules[0]";

    private IAuditChainStore Chain => (IAuditChainStore)Services.GetRequiredService<IAuditStore>();

    /// <summary>Starts over the same database with retention: a year by default, 30 days for <c>session.*</c> records.</summary>
    private async Task RestartWithRetentionAsync()
    {
        await _services!.DisposeAsync();
        _services = Build(CreateStore(), o =>
        {
            o.Retention.Period = TimeSpan.FromDays(365);
            o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = TimeSpan.FromDays(30) });
        });
    }

    /// <summary>
    /// Six records, a server change (odd sequence) and a session (even) in turn, each with a marker in its description;
    /// then a hundred days really pass and a seventh record is logged: the sessions have expired, nothing else has.
    /// </summary>
    private async Task<List<Guid>> WriteMixedTrailAsync()
    {
        var ids = new List<Guid>();
        for (var i = 1; i <= 6; i++)
        {
            var session = i % 2 == 0;
            ids.Add(await Logger.LogAsync(new AuditEvent
            {
                Action = session ? "session.started" : "server.updated",
                ActionType = session ? AuditActionType.Authentication : AuditActionType.Update,
                Actor = AuditActor.User($"u-{i}", $"User {i}"),
                Description = $"tombstone-marker-{i}",
                SourceIp = "203.0.113.10",
                UserAgent = "Mozilla/5.0",
                Metadata = new Dictionary<string, string> { ["n"] = $"{i}" },
            }));
        }

        Clock.Elapse(TimeSpan.FromDays(100));
        ids.Add(await Logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-7", "User 7") }));
        return ids;
    }

    private async Task<List<AuditChainEntry>> ReadChainAsync()
    {
        var entries = new List<AuditChainEntry>();
        await foreach (var entry in Chain.ReadChainAsync(0))
        {
            entries.Add(entry);
        }

        return entries;
    }

    private async Task<IReadOnlyList<AuditRecord>> SearchAsync(string text) =>
        (await Services.GetRequiredService<IAuditReader>().QueryAsync(AuditViewer.Admin("auditor"), new AuditQuery { Search = text, Limit = AuditQuery.MaxLimit })).Items;

    [Fact]
    public async Task Tombstones_ShortLivedCategoryBetweenLongLivedOnes_ExpireInsideTheChain_AndTheTrailVerifies()
    {
        await RestartWithRetentionAsync();
        var ids = await WriteMixedTrailAsync();
        await Checkpoints.CheckpointAsync();
        (await SearchAsync("tombstone-marker-2")).Should().ContainSingle("the search index holds the session's text before it expires");

        var purged = await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        purged.Should().Be(0, "no record is older than every period, so no prefix goes");
        var chain = await ReadChainAsync();
        chain.Where(e => e.Tombstone is not null).Select(e => e.Sequence).Should().Equal(2, 4, 6);
        foreach (var tombstone in chain.Where(e => e.Tombstone is not null))
        {
            tombstone.Tombstone.Should().Be(SessionRule);
            tombstone.Record.Id.Should().Be(ids[(int)tombstone.Sequence - 1]);
            tombstone.Record.Action.Should().Be("session.started");
            tombstone.Record.Actor.Id.Should().BeEmpty();
            tombstone.Record.Description.Should().BeNull();
            tombstone.Record.SourceIp.Should().BeNull();
            tombstone.Record.Metadata.Should().BeEmpty();
        }

        chain.Where(e => e.Tombstone is null).Should().OnlyContain(e => e.Record.Actor.Id.Length > 0);
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.TombstonesVerified.Should().Be(3);
        report.RowsVerified.Should().Be(7);
        (await SearchAsync("tombstone-marker-2")).Should().BeEmpty("a tombstone's text is gone, from the index too");
        (await SearchAsync("tombstone-marker-3")).Should().ContainSingle();
        (await Services.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(0);
        (await ReadChainAsync()).Count(e => e.Tombstone is not null).Should().Be(3, "a second pass finds nothing more to tombstone");
    }

    [Fact]
    public async Task Tombstones_HeldRecord_IsLeftWhole()
    {
        await RestartWithRetentionAsync();
        var ids = await WriteMixedTrailAsync();
        await Services.GetRequiredService<IAuditLegalHolds>().PlaceAsync(new AuditLegalHoldScope { ActorId = "u-4" }, "Case 42", AuditActor.User("u-legal", "Legal"));

        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        var chain = await ReadChainAsync();
        chain.Where(e => e.Tombstone is not null).Select(e => e.Sequence).Should().Equal(2, 6);
        chain.Single(e => e.Sequence == 4).Record.Description.Should().Be("tombstone-marker-4", "a legal hold keeps the record whole");
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.TombstonesVerified.Should().Be(2);
        ids.Should().HaveCount(7);
    }

    [Fact]
    public async Task Verify_TombstoneOutsideTheRetentionPolicy_IsReportedAsAModifiedRow()
    {
        await RestartWithRetentionAsync();
        var ids = await WriteMixedTrailAsync();

        // The store tombstones what it is asked to; only the policy says whether it should have been.
        (await ((IAuditTombstoneStore)Chain).TombstoneAsync([new AuditTombstoneRequest(3, ids[2], "retention:Period")])).Should().Be(1);

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(3);
        problem.Message.Should().Contain("outside the retention policy");
    }

    [Fact]
    public async Task Verify_TombstoneHashAltered_BreaksTheNextLink()
    {
        await RestartWithRetentionAsync();
        await WriteMixedTrailAsync();
        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET hash = @hash WHERE seq = 4", ("@hash", new byte[AuditChain.HashLength]));

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(5, "a tombstone's stored hash is its link, which the next row recomputes from");
    }

    [Fact]
    public async Task Tombstone_RowThatDoesNotVerify_IsNotTombstoned()
    {
        await RestartWithRetentionAsync();
        var ids = await WriteMixedTrailAsync();
        await ExecuteAsync(DropAppendOnlyTrigger);
        await ExecuteAsync($"UPDATE {Table} SET description = 'nothing happened' WHERE seq = 2");

        var tombstone = () => ((IAuditTombstoneStore)Chain).TombstoneAsync([new AuditTombstoneRequest(2, ids[1], SessionRule)]);

        await tombstone.Should().ThrowAsync<InvalidOperationException>().WithMessage("*Row 2*does not verify*");
        (await ReadChainAsync()).Single(e => e.Sequence == 2).Record.Description.Should().Be("nothing happened", "a row that does not verify is left for the verifier to report");
    }

    [Theory]
    [InlineData("tombstone = 'retention:Period'")]
    [InlineData("actor_name = NULL")]
    [InlineData("actor_id = 'erased-someone', occurred_at = recorded_at")]
    public async Task AppendOnlyGuard_RefusesEveryUpdateButTheSanctionedRewrites(string assignment)
    {
        await WriteTrailAsync(3);
        var before = (await ReadChainAsync()).Single(e => e.Sequence == 2).Record.Description;

        var update = () => ExecuteAsync($"UPDATE {Table} SET {assignment}, description = 'changed' WHERE seq = 2");

        await update.Should().ThrowAsync<Exception>();
        (await ReadChainAsync()).Single(e => e.Sequence == 2).Record.Description.Should().Be(before);
    }
}
