using AuditTrail.Conformance.Support;

namespace AuditTrail.Sqlite.Tests.Archives;

/// <summary>
/// An archive run without a purge takes no purge lock (<c>audittrail archive</c> beside an application whose retention
/// archives and purges into the same folder): rows may go between its reading the anchor and reading the chain. It must
/// not then seal a segment that claims to follow its last segment's hash while it starts after the rows that went.
/// </summary>
public sealed class ArchiveWhilePurgedTests : IDisposable
{
    private readonly ArchiveTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task ArchiveAsync_AnotherRunArchivesAndPurgesMeanwhile_SealsNoBrokenSegment_AndTheNextRunContinues()
    {
        await _trail.WriteAsync(10);
        await _trail.Archiver(100).ArchiveAsync(Some.Time(3));
        // After this run checked that the store holds its last segment's row (its first chain read), the application's
        // retention archives rows 4 to 6 into the same folder and purges them, just as this run reads what to archive.
        var archiver = ArchiverRacedOnChainRead(2);

        var run = async () => await archiver.ArchiveAsync(Some.Time(8));

        (await run.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*rows 4 to 6*run it again*");
        var report = await _trail.Verifier(withStore: true).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        await _trail.Archiver(100).ArchiveAsync(Some.Time(8));
        report = await _trail.Verifier(withStore: true).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.Should().BeEquivalentTo(new { SegmentsVerified = 3, FirstSequence = 1L, LastSequence = 8L });
    }

    [Fact]
    public async Task ArchiveAsync_AnotherRunArchivesAndPurgesPastItsLastSegmentMeanwhile_ContinuesAfterTheNewerSegment()
    {
        await _trail.WriteAsync(10);
        await _trail.Archiver(100).ArchiveAsync(Some.Time(3));
        // Between this run's listing of the archive (segment 1 to 3) and its check that the store holds row 3, the
        // application's retention archives rows 4 to 6 into the same folder and purges 1 to 6.
        var archiver = ArchiverRacedOnChainRead(1);

        var result = await archiver.ArchiveAsync(Some.Time(8));

        result.RecordsArchived.Should().Be(2);
        var report = await _trail.Verifier(withStore: true).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.Should().BeEquivalentTo(new { SegmentsVerified = 3, FirstSequence = 1L, LastSequence = 8L });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Archive_RowsPurgedPastTheArchiveWithoutIt_IsRefusedNamingThePurgedRows_AndWritesOrPurgesNothing(bool purge)
    {
        await _trail.WriteAsync(10);
        await _trail.Archiver(100).ArchiveAsync(Some.Time(3));
        (await _trail.Store.PurgeAsync(Some.Time(6), 100)).Should().Be(6);

        var run = async () => await (purge ? _trail.Archiver(100).ArchiveAndPurgeAsync(Some.Time(8), 100) : _trail.Archiver(100).ArchiveAsync(Some.Time(8)));

        var refused = (await run.Should().ThrowAsync<InvalidOperationException>()).Which;
        refused.Message.Should().Contain("ends at row 3").And.Contain("rows 4 to 6 were purged without being archived here").And.NotContain("another trail");
        (await _trail.Sink.ListAsync()).Should().HaveCount(1);
        (await _trail.Store.CountAsync(new AuditFilter())).Should().Be(4, "rows 7 to 10 stay");
    }

    /// <summary>
    /// An archive-only run over the trail during whose <paramref name="read"/>-th chain read the application's retention
    /// archives rows 4 to 6 into the same folder and purges up to them.
    /// </summary>
    private AuditArchiver ArchiverRacedOnChainRead(int read) => new(
        new PurgeOnChainReadStore(_trail.Store, read, () => _trail.Archiver(100).ArchiveAndPurgeAsync(Some.Time(6), 100)),
        _trail.Sink,
        new AuditArchiveOptions { MaxRecordsPerSegment = 100 },
        new AuditCheckpointSigner(_trail.Key),
        _trail.Clock);

    private sealed class PurgeOnChainReadStore(IAuditStore inner, int onRead, Func<Task> purge) : DelegatingAuditStore(inner), IAuditChainStore
    {
        private int _reads;

        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)Inner).GetHeadAsync(cancellationToken);

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)Inner).GetAnchorAsync(cancellationToken);

        public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _reads) == onRead)
            {
                await purge();
            }

            await foreach (var entry in ((IAuditChainStore)Inner).ReadChainAsync(afterSequence, cancellationToken))
            {
                yield return entry;
            }
        }
    }
}
