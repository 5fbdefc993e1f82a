using AuditTrail.Conformance.Support;

namespace AuditTrail.Sqlite.Tests.Archives;

/// <summary>verify-archive's core: it names the missing, altered or reordered segment, and checks the store continues the archive.</summary>
public sealed class AuditArchiveVerifierTests : IDisposable
{
    private readonly ArchiveTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task Verify_IntactArchive_IsValid()
    {
        var segments = await ArchiveThreeSegmentsAsync();

        var report = await _trail.Verifier().VerifyAsync();

        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.Should().BeEquivalentTo(new { SegmentsVerified = 3, RecordsVerified = 12L, SignaturesChecked = true, LastSequence = segments[^1].LastSequence });
    }

    [Fact]
    public async Task Verify_MissingSegment_NamesTheRowsAndTheNeighbours()
    {
        var segments = await ArchiveThreeSegmentsAsync();
        File.Delete(_trail.PathOf(segments[1].Segment) + AuditArchiveManifest.ManifestExtension);
        File.Delete(_trail.PathOf(segments[1].Segment));

        var problem = (await _trail.Verifier().VerifyAsync()).Problem;

        problem!.Kind.Should().Be(AuditArchiveProblemKind.MissingSegment);
        problem.Message.Should().Contain("rows 5 to 8").And.Contain(segments[0].Segment).And.Contain(segments[2].Segment);
    }

    [Fact]
    public async Task Verify_SegmentFileDeletedButItsManifestKept_NamesTheMissingSegment()
    {
        var segments = await ArchiveThreeSegmentsAsync();
        File.Delete(_trail.PathOf(segments[1].Segment));

        var problem = (await _trail.Verifier().VerifyAsync()).Problem;

        problem.Should().BeEquivalentTo(new { Kind = AuditArchiveProblemKind.MissingSegment, Segment = segments[1].Segment });
        problem!.Message.Should().Contain("rows 5 to 8").And.Contain("manifest remains");
    }

    [Fact]
    public async Task Verify_AlteredSegmentFile_IsNamed()
    {
        var segments = await ArchiveThreeSegmentsAsync();
        var path = _trail.PathOf(segments[1].Segment);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^5] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);

        var problem = (await _trail.Verifier().VerifyAsync()).Problem;

        problem.Should().BeEquivalentTo(new { Kind = AuditArchiveProblemKind.AlteredSegment, Segment = segments[1].Segment });
        problem!.Message.Should().Contain("SHA-256");
    }

    [Fact]
    public async Task Verify_ManifestEditedAfterSigning_IsAltered()
    {
        var segments = await ArchiveThreeSegmentsAsync();
        var manifestPath = _trail.PathOf(segments[2].Segment) + AuditArchiveManifest.ManifestExtension;
        var text = await File.ReadAllTextAsync(manifestPath);
        await File.WriteAllTextAsync(manifestPath, text.Replace("\"tombstoneCount\":0", "\"tombstoneCount\":1", StringComparison.Ordinal));

        var problem = (await _trail.Verifier().VerifyAsync()).Problem;

        problem.Should().BeEquivalentTo(new { Kind = AuditArchiveProblemKind.AlteredSegment, Segment = segments[2].Segment });
        problem!.Message.Should().Contain("signature does not verify");
    }

    [Fact]
    public async Task Verify_ReorderedSegments_AreNamed()
    {
        var segments = await ArchiveThreeSegmentsAsync();
        _trail.Rename(segments[1].Segment, "swap");
        _trail.Rename(segments[2].Segment, segments[1].Segment);
        _trail.Rename("swap", segments[2].Segment);

        var problem = (await _trail.Verifier().VerifyAsync()).Problem;

        problem!.Kind.Should().Be(AuditArchiveProblemKind.ReorderedSegment);
        problem.Segment.Should().Be(segments[1].Segment);
        problem.Message.Should().Contain("rows 9 to 12");
    }

    [Fact]
    public async Task Verify_UnsignedArchive_SaysSoWithoutKeys_AndFailsWithThem()
    {
        await _trail.WriteAsync(3);
        await _trail.Archiver(10, signManifests: false).ArchiveAsync(Some.Time(10));

        var unchecked_ = await _trail.Verifier(withKeys: false).VerifyAsync();
        var withKeys = await _trail.Verifier().VerifyAsync();

        unchecked_.Should().BeEquivalentTo(new { IsValid = true, UnsignedSegments = 1, SignaturesChecked = false });
        withKeys.Problem!.Kind.Should().Be(AuditArchiveProblemKind.UnsignedSegment);
    }

    [Fact]
    public async Task Verify_WithStore_ArchivedWithoutPurge_IsOneChain()
    {
        await ArchiveThreeSegmentsAsync();

        var report = await _trail.Verifier(withStore: true).VerifyAsync();

        report.IsValid.Should().BeTrue(report.Problem?.Message);
    }

    [Fact]
    public async Task Verify_WithStore_PurgedBeyondTheArchive_NamesTheUnarchivedRows()
    {
        await _trail.WriteAsync(10);
        await _trail.Archiver(4).ArchiveAndPurgeAsync(Some.Time(4), purgeBatchSize: 100);
        await _trail.Store.PurgeAsync(Some.Time(7), 100);

        var problem = (await _trail.Verifier(withStore: true).VerifyAsync()).Problem;

        problem!.Kind.Should().Be(AuditArchiveProblemKind.MissingSegment);
        problem.Message.Should().Contain("rows 5 to 7 are in no segment");
    }

    [Fact]
    public async Task Verify_WithAnotherStore_IsADiscontinuity()
    {
        await ArchiveThreeSegmentsAsync();
        using var other = new ArchiveTrail();
        await other.WriteAsync(20, from: 1000);

        var problem = (await new AuditArchiveVerifier(_trail.Sink, _trail.Keys, other.Store).VerifyAsync()).Problem;

        problem!.Kind.Should().Be(AuditArchiveProblemKind.StoreDiscontinuity);
    }

    /// <summary>Twelve records in segments of four (rows 1-4, 5-8, 9-12), and two more left in the store.</summary>
    private async Task<IReadOnlyList<AuditArchiveManifest>> ArchiveThreeSegmentsAsync()
    {
        await _trail.WriteAsync(14);
        return (await _trail.Archiver(4).ArchiveAsync(Some.Time(12))).Segments;
    }
}
