using AuditTrail.Conformance.Support;

namespace AuditTrail.Sqlite.Tests.Archives;

/// <summary>A segment this version cannot read (a manifest of a newer format) or one stored under another name is refused, never taken as valid.</summary>
public sealed class AuditArchiveFormatTests : IDisposable
{
    private readonly ArchiveTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task VerifyAsync_ManifestOfANewerFormat_IsRefusedNamingTheFormatVersion()
    {
        var segments = await ArchiveUnsignedAsync();
        await SetFormatVersionAsync(segments[1].Segment, 2);

        var problem = (await _trail.Verifier(withKeys: false).VerifyAsync()).Problem;

        problem.Should().NotBeNull();
        problem!.Segment.Should().Be(segments[1].Segment);
        problem.Message.Should().Contain("format version 2").And.Contain("format 1").And.NotContain("was altered");
    }

    [Fact]
    public async Task VerifySegmentAsync_ManifestOfANewerFormat_IsRefusedNamingTheFormatVersion()
    {
        var segments = await ArchiveUnsignedAsync();
        await SetFormatVersionAsync(segments[0].Segment, 2);

        var problem = (await _trail.Verifier(withKeys: false).VerifySegmentAsync(segments[0].Segment)).Problem;

        problem.Should().NotBeNull();
        problem!.Message.Should().Contain("format version 2").And.Contain(segments[0].Segment);
    }

    [Fact]
    public async Task ArchiveAsync_LastManifestOfANewerFormat_RefusesToContinueIt()
    {
        var segments = await ArchiveUnsignedAsync();
        await SetFormatVersionAsync(segments[^1].Segment, 2);
        await _trail.WriteAsync(4, from: 20);

        var archive = () => _trail.Archiver(4, signManifests: false).ArchiveAsync(Some.Time(30));

        (await archive.Should().ThrowAsync<InvalidDataException>()).WithMessage("*format version 2*");
    }

    [Fact]
    public async Task VerifySegmentAsync_SegmentStoredUnderAnotherName_IsNamed()
    {
        var segments = await ArchiveUnsignedAsync();
        _trail.Rename(segments[0].Segment, "copy.jsonl.gz");

        var problem = (await _trail.Verifier(withKeys: false).VerifySegmentAsync("copy.jsonl.gz")).Problem;

        problem.Should().BeEquivalentTo(new { Kind = AuditArchiveProblemKind.ReorderedSegment, Segment = "copy.jsonl.gz" });
        problem!.Message.Should().Contain(segments[0].Segment);
    }

    private async Task<IReadOnlyList<AuditArchiveManifest>> ArchiveUnsignedAsync()
    {
        await _trail.WriteAsync(10);
        return (await _trail.Archiver(4, signManifests: false).ArchiveAsync(Some.Time(8))).Segments;
    }

    private async Task SetFormatVersionAsync(string segment, int version)
    {
        var path = _trail.PathOf(segment) + AuditArchiveManifest.ManifestExtension;
        var text = await File.ReadAllTextAsync(path);
        text.Should().Contain("\"formatVersion\":1");
        await File.WriteAllTextAsync(path, text.Replace("\"formatVersion\":1", $"\"formatVersion\":{version}", StringComparison.Ordinal));
    }
}
