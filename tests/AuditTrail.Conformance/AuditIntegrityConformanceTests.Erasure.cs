using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Erasure of a person's data in a real store (docs/integrity.md): their id becomes a stable pseudonym and their
/// personal fields go, on every record they did or that names them; the erasure is recorded; the trail still verifies
/// and counts the erased rows, while an erased row altered afterwards is reported; a legal hold refuses it; an
/// interrupted erasure is completed by running it again; erased rows that expire still become tombstones.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    private const string Person = "u-erin";

    private static readonly byte[] PseudonymKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    private static readonly AuditActor Dpo = AuditActor.User("u-dpo", "Data Protection Officer");

    private IAuditErasure Erasure => Services.GetRequiredService<IAuditErasure>();

    private static string PersonPseudonym => AuditPseudonym.For(PseudonymKey, Person);

    /// <summary>Starts over the same database with erasure on (and the retention rules of <see cref="RestartWithRetentionAsync"/>).</summary>
    private async Task RestartWithErasureAsync()
    {
        await _services!.DisposeAsync();
        _services = Build(CreateStore(), o =>
        {
            o.Erasure.PseudonymKey = PseudonymKey;
            o.Retention.Period = TimeSpan.FromDays(365);
            o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = TimeSpan.FromDays(30) });
        });
    }

    /// <summary>
    /// Eight records: the person signs in (session, seq 1), changes a server (2), someone else works (3), an admin
    /// changes the person's role (4, target user), the person signs in again (5), someone else works (6 to 8).
    /// </summary>
    private async Task WriteTrailWithPersonAsync()
    {
        var erin = AuditActor.User(Person, "Erin Example");
        var admin = AuditActor.User("u-admin", "Admin");
        AuditEvent Of(AuditActor actor, string action, AuditActionType type) => new()
        {
            Action = action,
            ActionType = type,
            Actor = actor,
            SourceIp = actor == erin ? "198.51.100.7" : "203.0.113.10",
            UserAgent = actor == erin ? "ErinBrowser/1.0" : "AdminBrowser/1.0",
            Description = $"{action} ({(actor == erin ? "the person" : "someone else")})",
        };

        await Logger.LogAsync(Of(erin, "session.started", AuditActionType.Authentication));
        await Logger.LogAsync(Of(erin, "server.updated", AuditActionType.Update));
        await Logger.LogAsync(Of(admin, "server.updated", AuditActionType.Update));
        await Logger.LogAsync(Of(admin, AuditActions.RoleChanged, AuditActionType.Security) with { TargetUser = new AuditTargetUser(Person, "Erin Example") });
        await Logger.LogAsync(Of(erin, "session.started", AuditActionType.Authentication));
        for (var i = 0; i < 3; i++)
        {
            await Logger.LogAsync(Of(admin, "server.updated", AuditActionType.Update));
        }
    }

    private async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditViewer viewer, AuditQuery query) =>
        (await Services.GetRequiredService<IAuditReader>().QueryAsync(viewer, query with { Limit = AuditQuery.MaxLimit })).Items;

    [Fact]
    public async Task Erasure_ReplacesThePersonAcrossTheTrail_IsRecorded_AndTheTrailVerifies()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Checkpoints.CheckpointAsync();

        var result = await Erasure.EraseActorAsync(Person, Dpo);

        result.Pseudonym.Should().Be(PersonPseudonym).And.StartWith(AuditPseudonym.Prefix);
        result.RowCount.Should().Be(4);
        result.Rewritten.Should().Be(4);
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.ErasedVerified.Should().Be(4);
        report.RowsVerified.Should().Be(9);

        var admin = AuditViewer.Admin("auditor");
        (await QueryAsync(admin, new AuditQuery { ActorIds = [Person] })).Should().BeEmpty("the old actor id is gone");
        (await QueryAsync(admin, new AuditQuery { Search = "Erin" })).Should().BeEmpty("the person's name is gone, from the search index too");
        var history = await QueryAsync(admin, new AuditQuery { ActorIds = [PersonPseudonym] });
        history.Should().HaveCount(3).And.OnlyContain(r => r.Actor.DisplayName == null && r.SourceIp == null && r.UserAgent == null);
        var mine = await QueryAsync(AuditViewer.User(PersonPseudonym), new AuditQuery());
        mine.Should().HaveCount(4, "the pseudonym's own scope holds what they did and what was done to them");
        mine.Should().ContainSingle(r => r.TargetUser != null).Which.TargetUser.Should().Be(new AuditTargetUser(PersonPseudonym, null));
        var erased = (await QueryAsync(admin, new AuditQuery { Actions = [AuditActions.AuditErased] })).Should().ContainSingle().Subject;
        erased.Id.Should().Be(result.RecordId);
        erased.Actor.Should().Be(Dpo);
        erased.Metadata.Should().Contain("pseudonym", PersonPseudonym).And.Contain("row_count", "4").And.Contain("digest", result.Digest);

        var again = await Erasure.EraseActorAsync(Person, Dpo);
        again.Rewritten.Should().Be(0, "nothing carries the old id any more");
        (await Verifier.VerifyAsync()).Problem.Should().BeNull();
    }

    [Fact]
    public async Task Erasure_UnderALegalHold_IsRefused_NamingTheHold_AndErasesNothing()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        var hold = await Services.GetRequiredService<IAuditLegalHolds>().PlaceAsync(new AuditLegalHoldScope { ActorId = "u-admin" }, "Case 42", AuditActor.User("u-legal", "Legal"));

        var erase = () => Erasure.EraseActorAsync(Person, Dpo);

        (await erase.Should().ThrowAsync<AuditErasureRefusedException>().WithMessage($"*{hold.Id}*")).Which.HoldId.Should().Be(hold.Id);
        (await QueryAsync(AuditViewer.Admin("auditor"), new AuditQuery { ActorIds = [Person] })).Should().HaveCount(3);
        (await Verifier.VerifyAsync()).ErasedVerified.Should().Be(0);
    }

    [Theory]
    [InlineData("", AuditActorType.User)]
    [InlineData("u-dpo", (AuditActorType)42)]
    public async Task Erasure_ByAnInvalidRequester_IsRefusedBeforeAnyRowIsRewritten(string requesterId, AuditActorType requesterType)
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();

        var erase = () => Erasure.EraseActorAsync(Person, new AuditActor(requesterId, null, requesterType));

        (await erase.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("requestedBy");
        (await QueryAsync(AuditViewer.Admin("auditor"), new AuditQuery { ActorIds = [Person] })).Should().HaveCount(3, "nothing was erased");
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.ErasedVerified.Should().Be(0);
    }

    [Fact]
    public async Task Verify_ErasedRowAlteredAfterwards_IsReportedAtTheErasureRecord()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET description = 'nothing happened' WHERE seq = 2");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(9, "the erasure record's digest no longer matches the rows it erased");
        problem.Message.Should().Contain(PersonPseudonym);
    }

    [Fact]
    public async Task Erasure_InterruptedBeforeItsRecord_IsReported_ThenCompletedByRunningItAgain()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();

        // The store's rewrite committed, the process stopped before the erasure record was written.
        await ((IAuditErasureStore)Chain).EraseAsync(Person, PersonPseudonym);
        (await ProblemAsync()).Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow, "without its record an erasure cannot be told from tampering");

        var result = await Erasure.EraseActorAsync(Person, Dpo);

        result.Rewritten.Should().Be(0);
        result.RowCount.Should().Be(4);
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.ErasedVerified.Should().Be(4);
    }

    [Fact]
    public async Task Erasure_ErasedRowsThatLaterExpire_StillBecomeTombstones_AndTheTrailVerifies()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        Clock.Elapse(TimeSpan.FromDays(100));
        await Logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-admin", "Admin") });

        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        var chain = await ReadChainAsync();
        chain.Where(e => e.Tombstone is not null).Select(e => e.Sequence).Should().Equal(1, 5);
        chain.Where(e => e.Tombstone is not null).Should().OnlyContain(e => e.Record.Actor.Id == PersonPseudonym && e.ContentDigest!.Length == AuditChain.HashLength);
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.TombstonesVerified.Should().Be(2);
        report.ErasedVerified.Should().Be(2);
    }

    [Fact]
    public async Task Erasure_ThenRetentionPurgesSomeErasedRows_TheTrailStillVerifiesFromTheAnchor()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        Clock.Elapse(TimeSpan.FromDays(370));
        await Logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User(Person, "Erin Example") });
        (await Erasure.EraseActorAsync(Person, Dpo)).RowCount.Should().Be(5);

        var purged = await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        purged.Should().Be(8, "the first eight records are older than every period; the person's newest one and the erasure record stay");
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull("a purge of erased rows is not tampering");
        report.Anchor!.Sequence.Should().Be(8);
        report.ErasedVerified.Should().Be(1);
    }
}
