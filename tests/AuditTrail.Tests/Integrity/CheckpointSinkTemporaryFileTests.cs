using System.Security.Cryptography;
using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Integrity;

/// <summary>A checkpoint write killed before its rename leaves a <c>*.json.tmp</c> file, which a later write removes.</summary>
public sealed class CheckpointSinkTemporaryFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task WriteAsync_TemporaryFileAKilledWriteLeft_DeletesItOnceStale_AndLeavesOneInFlight()
    {
        var sink = new FileSystemAuditCheckpointSink(_directory.Path);
        var stale = Path.Combine(_directory.Path, "0000000001-head-3.json.tmp");
        var inFlight = Path.Combine(_directory.Path, "0000000001-head-4.json.tmp");
        await File.WriteAllBytesAsync(stale, []);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddMinutes(-5));
        await File.WriteAllBytesAsync(inFlight, []);

        await sink.WriteAsync(new AuditCheckpointSigner(_key).Sign(AuditCheckpointKind.Head, new AuditChainPosition(5, new byte[AuditChain.HashLength]), DateTimeOffset.UtcNow, previous: null));

        File.Exists(stale).Should().BeFalse("a write killed before its rename left it");
        File.Exists(inFlight).Should().BeTrue("another process may be writing it now");
        (await sink.ReadAllAsync()).Should().ContainSingle().Which.Sequence.Should().Be(5);
    }
}
