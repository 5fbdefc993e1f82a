using System.IO.Compression;
using System.Text;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Sqlite.Tests.Archives;

/// <summary>Sealed segments: what the archiver writes reads back as the chain it came from, tombstones as tombstones.</summary>
public sealed class AuditArchiveSegmentTests : IDisposable
{
    private readonly ArchiveTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task ArchiveAsync_WritesBoundedSegments_ThatReadBackAsTheChain()
    {
        await _trail.WriteAsync(25);

        var result = await _trail.Archiver(maxRecordsPerSegment: 10).ArchiveAsync(Some.Time(20));

        result.Segments.Select(m => (m.FirstSequence, m.LastSequence)).Should().Equal((1L, 10L), (11L, 20L));
        result.RecordsPurged.Should().Be(0);
        (await _trail.Store.CountAsync(new AuditFilter())).Should().Be(25, "archiving alone purges nothing");
        var chain = await _trail.Store.ReadChainAsync(0).Take(20).ToListAsync();
        var reader = new AuditArchiveReader(_trail.Sink);
        var names = await _trail.Sink.ListAsync();
        names.Should().Equal(result.Segments.Select(m => m.Segment));
        var archived = new List<AuditChainEntry>();
        foreach (var name in names)
        {
            archived.AddRange(await reader.ReadEntriesAsync(name).ToListAsync());
        }

        archived.Should().BeEquivalentTo(chain, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Manifest_RecordsTheRangeHashesCountTimesAndFileHash_SignedWithTheCheckpointKey()
    {
        await _trail.WriteAsync(5);

        var manifest = (await _trail.Archiver(100).ArchiveAsync(Some.Time(10))).Segments.Single();

        var stored = await new AuditArchiveReader(_trail.Sink).ReadManifestAsync(manifest.Segment);
        stored.Should().Be(manifest);
        var head = await _trail.Store.GetHeadAsync();
        stored.Should().BeEquivalentTo(new
        {
            FormatVersion = 1,
            Table = "audit_events",
            FirstSequence = 1L,
            LastSequence = 5L,
            PreviousHash = new string('0', 64),
            LastHash = Convert.ToHexStringLower(head!.Hash),
            RecordCount = 5L,
            TombstoneCount = 0L,
            OldestOccurredAt = Some.Time(0),
            NewestOccurredAt = Some.Time(4),
            CreatedAt = _trail.Clock.GetUtcNow(),
            KeyId = AuditKeyRing.KeyIdOf(_trail.Key),
        });
        stored.Sha256.Should().Be(await new AuditArchiveReader(_trail.Sink).ComputeSha256Async(manifest.Segment));
        _trail.Keys.Verify(stored, out var known).Should().BeTrue();
        known.Should().BeTrue();
        _trail.Keys.Verify(stored with { RecordCount = 4 }, out _).Should().BeFalse("the signature covers every field");
    }

    [Fact]
    public async Task Segment_IsGzipJsonLines_OneRecordPerLine()
    {
        await _trail.WriteAsync(3);
        var manifest = (await _trail.Archiver(100).ArchiveAsync(Some.Time(10))).Segments.Single();

        await using var gzip = new GZipStream(File.OpenRead(_trail.PathOf(manifest.Segment)), CompressionMode.Decompress);
        using var text = new StreamReader(gzip, Encoding.UTF8);
        var lines = (await text.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().HaveCount(3);
        lines[0].Should().StartWith("{\"sequence\":1,\"hash\":\"").And.Contain("\"record\":{\"id\":");
        Directory.GetFiles(_trail.Sink.Directory, "*.tmp").Should().BeEmpty("files are renamed into place once flushed");
    }

    [Fact]
    public async Task Tombstones_AreArchivedAsTombstones_AndVerify()
    {
        await _trail.WriteAsync(4);
        var second = (await _trail.Store.ReadChainAsync(0).ToListAsync())[1];
        var archiver = new AuditArchiver(new TombstonedView(_trail.Store, 2), _trail.Sink, new AuditArchiveOptions(), new AuditCheckpointSigner(_trail.Key), _trail.Clock);

        var manifest = (await archiver.ArchiveAsync(Some.Time(10))).Segments.Single();

        manifest.TombstoneCount.Should().Be(1);
        var entries = await new AuditArchiveReader(_trail.Sink).ReadEntriesAsync(manifest.Segment).ToListAsync();
        entries[1].Tombstone.Should().Be("retention:Rules[0]");
        entries[1].Hash.Should().Equal(second.Hash, "a tombstone keeps its stored hash, the link the next record continues");
        var report = await _trail.Verifier().VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.TombstonesVerified.Should().Be(1);
    }

    [Fact]
    public async Task ArchiveAsync_ContinuesWhereTheLastSegmentEnds()
    {
        await _trail.WriteAsync(6);
        var first = await _trail.Archiver(100).ArchiveAsync(Some.Time(3));
        await _trail.WriteAsync(2, from: 6);

        var second = await _trail.Archiver(100).ArchiveAsync(Some.Time(100));

        first.Segments.Single().LastSequence.Should().Be(3);
        second.Segments.Single().Should().BeEquivalentTo(new { FirstSequence = 4L, LastSequence = 8L, PreviousHash = first.Segments.Single().LastHash });
        (await _trail.Archiver(100).ArchiveAsync(Some.Time(100))).Segments.Should().BeEmpty("nothing new to archive");
    }

    [Fact]
    public async Task ArchiveAndPurgeAsync_PurgesOnlyWhatTheSegmentsHold_AndTheStoreContinuesThem()
    {
        await _trail.WriteAsync(12);

        var result = await _trail.Archiver(5).ArchiveAndPurgeAsync(Some.Time(9), purgeBatchSize: 2);

        result.RecordsArchived.Should().Be(9);
        result.RecordsPurged.Should().Be(9);
        (await _trail.Store.GetAnchorAsync())!.Sequence.Should().Be(9);
        var report = await _trail.Verifier(withStore: true).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.Should().BeEquivalentTo(new { SegmentsVerified = 2, RecordsVerified = 9L, FirstSequence = 1L, LastSequence = 9L, StoreChecked = true, UnsignedSegments = 0 });
    }

    [Fact]
    public async Task ArchiveAndPurgeAsync_ArchiveOfAnotherTrail_IsRefusedBeforeAnythingIsPurged()
    {
        await _trail.WriteAsync(6);
        await _trail.Archiver(100).ArchiveAsync(Some.Time(3));
        using var other = new ArchiveTrail();
        await other.WriteAsync(6);
        var archiver = new AuditArchiver(other.Store, _trail.Sink, new AuditArchiveOptions { MaxRecordsPerSegment = 100 }, null, other.Clock);

        var refused = async () => await archiver.ArchiveAndPurgeAsync(Some.Time(100), purgeBatchSize: 2);

        (await refused.Should().ThrowAsync<InvalidOperationException>()).WithMessage("*belongs to another trail*");
        (await other.Store.CountAsync(AuditFilter.All)).Should().Be(6, "the rows the other trail's segment names stay");
        (await other.Store.GetAnchorAsync()).Should().BeNull();
    }

    [Fact]
    public async Task ArchiveAndPurgeAsync_CancelledAfterTheFirstSegment_ProgressTellsWhatWasPurged()
    {
        await _trail.WriteAsync(10);
        using var cancellation = new CancellationTokenSource();
        var sink = new CancellingSink(_trail.Sink, cancellation);
        var archiver = new AuditArchiver(_trail.Store, sink, new AuditArchiveOptions { MaxRecordsPerSegment = 4 }, null, _trail.Clock);
        var progress = new AuditPurgeProgress();

        var run = async () => await archiver.ArchiveAndPurgeAsync(Some.Time(100), 3, progress, cancellation.Token);

        await run.Should().ThrowAsync<OperationCanceledException>();
        progress.RecordsPurged.Should().Be(4, "the first segment was stored and its records purged before the stop");
        (await _trail.Store.CountAsync(AuditFilter.All)).Should().Be(6);
        (await _trail.Store.GetAnchorAsync())!.Sequence.Should().Be(4);
    }

    [Fact]
    public async Task ArchiveAndPurgeAsync_OneProgressForTwoRuns_AddsThemUp_EachResultCountsItsOwn()
    {
        await _trail.WriteAsync(10);
        var progress = new AuditPurgeProgress();

        var first = await _trail.Archiver(100).ArchiveAndPurgeAsync(Some.Time(3), 2, progress, CancellationToken.None);
        var second = await _trail.Archiver(100).ArchiveAndPurgeAsync(Some.Time(7), 2, progress, CancellationToken.None);

        first.RecordsPurged.Should().Be(3);
        second.RecordsPurged.Should().Be(4);
        progress.RecordsPurged.Should().Be(7);
    }

    /// <summary>Stores the first segment; the run is cancelled while the second is written.</summary>
    private sealed class CancellingSink(IAuditArchiveSink inner, CancellationTokenSource cancellation) : IAuditArchiveSink
    {
        private int _writes;

        public async Task WriteAsync(AuditArchiveManifest manifest, Stream segment, CancellationToken cancellationToken = default)
        {
            if (++_writes == 2)
            {
                await cancellation.CancelAsync();
            }

            await inner.WriteAsync(manifest, segment, cancellationToken);
        }

        public Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public Task<Stream> OpenSegmentAsync(string name, CancellationToken cancellationToken = default) => inner.OpenSegmentAsync(name, cancellationToken);

        public Task<Stream> OpenManifestAsync(string name, CancellationToken cancellationToken = default) => inner.OpenManifestAsync(name, cancellationToken);
    }
}
