using System.Security.Cryptography;
using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Integrity;

/// <summary>A checkpoint file edited into something that is no checkpoint is an edited checkpoint: a problem found, not an error.</summary>
public sealed class AuditVerifierCheckpointFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("{bad json")]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("null")]
    public async Task Verify_CheckpointFileNoLongerACheckpoint_ReportsABadSignatureNamingTheFile(string content)
    {
        var (store, sink, keys) = await SignedTrailAsync();
        var second = Directory.GetFiles(sink.Directory, "*.json").Order(StringComparer.Ordinal).ElementAt(1);
        await File.WriteAllTextAsync(second, content);

        var report = await new AuditVerifier(store, sink, keys).VerifyAsync();

        report.Problem.Should().NotBeNull();
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.BadSignature);
        report.Problem.Sequence.Should().Be(6, "the file's name says which row it was written for");
        report.Problem.Message.Should().Contain(Path.GetFileName(second));
        report.RowsVerified.Should().Be(0);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("keyId")]
    [InlineData("hash")]
    public async Task Verify_CheckpointFieldEditedToNull_ReportsABadSignatureNamingTheFile(string field)
    {
        var (store, sink, keys) = await SignedTrailAsync();
        var second = Directory.GetFiles(sink.Directory, "*.json").Order(StringComparer.Ordinal).ElementAt(1);
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(second))!;
        json[field] = null;
        await File.WriteAllTextAsync(second, json.ToJsonString());

        var report = await new AuditVerifier(store, sink, keys).VerifyAsync();

        report.Problem.Should().NotBeNull();
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.BadSignature);
        report.Problem.Sequence.Should().Be(6);
        report.Problem.Message.Should().Contain(Path.GetFileName(second)).And.Contain(field);
    }

    [Fact]
    public void KeyRingVerify_CheckpointWithNullKeyIdOrSignature_DoesNotVerify()
    {
        var keys = new AuditKeyRing();
        var id = keys.Add(_key);
        var signed = new AuditCheckpointSigner(_key).Sign(AuditCheckpointKind.Head, new AuditChainPosition(1, new byte[32]), Some.BaseTime, null);

        keys.Verify(signed with { Signature = null! }, out var known).Should().BeFalse();
        known.Should().BeTrue();
        keys.Verify(signed with { KeyId = null! }, out known).Should().BeFalse();
        known.Should().BeFalse();
        id.Should().Be(signed.KeyId);
    }

    [Fact]
    public async Task ReadAll_CheckpointFileNoLongerACheckpoint_FailsNamingTheFile()
    {
        var (_, sink, _) = await SignedTrailAsync();
        var first = Directory.GetFiles(sink.Directory, "*.json").Order(StringComparer.Ordinal).First();
        await File.WriteAllTextAsync(first, "{}");

        var read = () => sink.ReadAllAsync();

        var thrown = await read.Should().ThrowAsync<AuditUnreadableCheckpointException>();
        thrown.Which.Sequence.Should().Be(3);
        thrown.Which.Message.Should().Contain(first);
    }

    /// <summary>Six rows with head checkpoints at rows 3 and 6.</summary>
    private async Task<(ChainedFakeStore Store, FileSystemAuditCheckpointSink Sink, AuditKeyRing Keys)> SignedTrailAsync()
    {
        var store = new ChainedFakeStore();
        var sink = new FileSystemAuditCheckpointSink(_directory.Path);
        var signer = new AuditCheckpointSigner(_key);
        AuditCheckpoint? previous = null;
        for (var i = 0; i < 2; i++)
        {
            await store.WriteAsync([Some.Record(), Some.Record(), Some.Record()]);
            previous = signer.Sign(AuditCheckpointKind.Head, (await store.GetHeadAsync())!, Some.BaseTime, previous);
            await sink.WriteAsync(previous);
        }

        var keys = new AuditKeyRing();
        keys.Add(_key);
        return (store, sink, keys);
    }
}
