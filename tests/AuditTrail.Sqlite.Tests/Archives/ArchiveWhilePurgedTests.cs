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
        var racing = new PurgeOnSecondChainReadStore(_trail.Store, () => _trail.Archiver(100).ArchiveAndPurgeAsync(Some.Time(6), 100));
        var archiver = new AuditArchiver(racing, _trail.Sink, new AuditArchiveOptions { MaxRecordsPerSegment = 100 }, new AuditCheckpointSigner(_trail.Key), _trail.Clock);

        var run = async () => await archiver.ArchiveAsync(Some.Time(8));

        (await run.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*rows 4 to 6*run it again*");
        var report = await _trail.Verifier(withStore: true).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        await _trail.Archiver(100).ArchiveAsync(Some.Time(8));
        report = await _trail.Verifier(withStore: true).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.Should().BeEquivalentTo(new { SegmentsVerified = 3, FirstSequence = 1L, LastSequence = 8L });
    }

    private sealed class PurgeOnSecondChainReadStore(IAuditStore inner, Func<Task> onSecondRead) : DelegatingAuditStore(inner), IAuditChainStore
    {
        private int _reads;

        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)Inner).GetHeadAsync(cancellationToken);

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => ((IAuditChainStore)Inner).GetAnchorAsync(cancellationToken);

        public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _reads) == 2)
            {
                await onSecondRead();
            }

            await foreach (var entry in ((IAuditChainStore)Inner).ReadChainAsync(afterSequence, cancellationToken))
            {
                yield return entry;
            }
        }
    }
}
