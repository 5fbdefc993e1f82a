using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Erased rows in an archive (docs/retention.md): the archive verifier takes an archived erased row's stored hash as its
/// link when an erasure record of its pseudonym follows, in the archive (whose digest it then checks) or in the store;
/// a store whose first remaining row was erased still continues the archive; an erased row altered before it was
/// archived is still reported.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    [Fact]
    public async Task ArchiveVerify_ErasedRowsArchivedWithTheirErasureRecord_VerifyAndAreCounted()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        Clock.Elapse(TimeSpan.FromDays(1));
        using var archive = new ArchiveFolder(this);

        (await archive.Archiver(maxRecordsPerSegment: 100).ArchiveAndPurgeAsync(Clock.GetUtcNow(), 100)).Segments.Should().HaveCount(1);

        var report = await archive.Verifier(withStore: true).VerifyAsync();
        report.Problem.Should().BeNull();
        report.RecordsVerified.Should().Be(9);
        report.ErasedVerified.Should().Be(4);
    }

    [Fact]
    public async Task ArchiveVerify_OneSegmentWhoseErasureRecordIsInALaterSegment_Verifies()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        Clock.Elapse(TimeSpan.FromDays(1));
        using var archive = new ArchiveFolder(this);
        var segments = (await archive.Archiver(maxRecordsPerSegment: 4).ArchiveAsync(Clock.GetUtcNow())).Segments;
        segments.Should().HaveCount(3);

        var first = await archive.Verifier(withStore: false).VerifySegmentAsync(segments[0].Segment);

        first.Problem.Should().BeNull("what an import checks: the erasure record of rows 1, 2 and 4 is in the third segment");
        first.ErasedVerified.Should().Be(3);
        (await archive.Verifier(withStore: false).VerifyAsync()).Problem.Should().BeNull();
    }

    [Fact]
    public async Task ArchiveVerify_ErasedRowsWhoseErasureRecordStayedInTheStore_AreConfirmedByTheStoreOnly()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        var archivedBefore = Clock.GetUtcNow().AddMinutes(1);
        Clock.Elapse(TimeSpan.FromDays(1));
        await Erasure.EraseActorAsync(Person, Dpo);
        using var archive = new ArchiveFolder(this);

        (await archive.Archiver(maxRecordsPerSegment: 100).ArchiveAndPurgeAsync(archivedBefore, 100)).RecordsPurged.Should().Be(8);

        var withStore = await archive.Verifier(withStore: true).VerifyAsync();
        withStore.Problem.Should().BeNull();
        withStore.ErasedVerified.Should().Be(4);
        var alone = (await archive.Verifier(withStore: false).VerifyAsync()).Problem;
        alone!.Kind.Should().Be(AuditArchiveProblemKind.AlteredSegment);
        alone.Message.Should().Contain("row 1 ").And.Contain(PersonPseudonym).And.Contain("no erasure record");
        (await Verifier.VerifyAsync()).Problem.Should().BeNull();
    }

    [Fact]
    public async Task ArchiveVerify_StoreWhoseFirstRemainingRowWasErased_ContinuesTheArchive()
    {
        await RestartWithErasureAsync();
        for (var i = 0; i < 3; i++)
        {
            await Logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User(Admin, "Admin") });
        }

        var archivedBefore = Clock.GetUtcNow().AddMinutes(1);
        Clock.Elapse(TimeSpan.FromHours(1));
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        using var archive = new ArchiveFolder(this);

        (await archive.Archiver(maxRecordsPerSegment: 100).ArchiveAndPurgeAsync(archivedBefore, 100)).RecordsPurged.Should().Be(3);

        var report = await archive.Verifier(withStore: true).VerifyAsync();
        report.Problem.Should().BeNull("the store's row 4, the person's sign-in, was erased; its record is in the store");
        report.ErasedVerified.Should().Be(0);
    }

    [Fact]
    public async Task ArchiveVerify_ErasedRowAlteredBeforeItWasArchived_IsReportedAtTheErasureRecord()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        await ExecuteAsync(DropAppendOnlyTrigger);
        await ExecuteAsync($"UPDATE {Table} SET description = 'nothing happened' WHERE seq = 2");
        Clock.Elapse(TimeSpan.FromDays(1));
        using var archive = new ArchiveFolder(this);
        await archive.Archiver(maxRecordsPerSegment: 100).ArchiveAsync(Clock.GetUtcNow());

        var problem = (await archive.Verifier(withStore: false).VerifyAsync()).Problem;

        problem!.Kind.Should().Be(AuditArchiveProblemKind.AlteredSegment);
        problem.Message.Should().Contain("row 9 ").And.Contain($"erasure record of {PersonPseudonym}");
    }

    [Fact]
    public async Task ArchiveVerify_ErasedRowsThatBecameTombstones_VerifyByTheirContentDigest()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        Clock.Elapse(TimeSpan.FromDays(100));
        await Logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User(Admin, "Admin") });
        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();
        using var archive = new ArchiveFolder(this);

        await archive.Archiver(maxRecordsPerSegment: 100).ArchiveAsync(Clock.GetUtcNow().AddMinutes(1));

        var report = await archive.Verifier(withStore: true).VerifyAsync();
        report.Problem.Should().BeNull();
        report.TombstonesVerified.Should().Be(2, "rows 1 and 5, the person's sign-ins, expired after 30 days");
        report.ErasedVerified.Should().Be(2);
    }

    [Fact]
    public async Task ArchiveVerify_TwoPeopleWhoShareARowBothErased_Verifies()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        await Erasure.EraseActorAsync(Admin, Dpo);
        Clock.Elapse(TimeSpan.FromDays(1));
        using var archive = new ArchiveFolder(this);

        await archive.Archiver(maxRecordsPerSegment: 3).ArchiveAsync(Clock.GetUtcNow());

        var report = await archive.Verifier(withStore: true).VerifyAsync();
        report.Problem.Should().BeNull();
        report.ErasedVerified.Should().Be(8);
    }

    /// <summary>An archive folder of the test's store, its manifests signed with the checkpoint key.</summary>
    private sealed class ArchiveFolder(AuditIntegrityConformanceTests test) : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "audittrail-archives", Guid.NewGuid().ToString("N"));

        private DirectoryAuditArchiveSink Sink => new(_directory);

        public AuditArchiver Archiver(int maxRecordsPerSegment) => new(
            test.Services.GetRequiredService<IAuditStore>(),
            Sink,
            new AuditArchiveOptions { MaxRecordsPerSegment = maxRecordsPerSegment },
            new AuditCheckpointSigner(test._key),
            test.Clock);

        public AuditArchiveVerifier Verifier(bool withStore)
        {
            var keys = new AuditKeyRing();
            keys.Add(test._key);
            return new(Sink, keys, withStore ? (IAuditChainStore)test.Services.GetRequiredService<IAuditStore>() : null);
        }

        public void Dispose()
        {
            if (Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }
}
