using System.Security.Cryptography;
using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Integrity;

/// <summary>
/// The application's checkpoint writer and another writer on the same folder (the command line's purge signing its
/// anchor while the application runs): the checkpoints still form one chain.
/// </summary>
public sealed class AuditCheckpointWriterTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ChainedFakeStore _store = new();

    public void Dispose()
    {
        _key.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Checkpoint_AfterAnotherWriterAddedOneToTheFolder_ChainsToIt_AndTheTrailVerifies()
    {
        using var application = Writer();
        await _store.WriteAsync([Some.Record(), Some.Record()]);
        await application.CheckpointAsync();

        // Another process (audittrail purge --checkpoints) signs into the same folder with the same key.
        await _store.WriteAsync([Some.Record()]);
        using var other = Writer();
        var others = await other.CheckpointAsync();

        await _store.WriteAsync([Some.Record()]);
        var next = await application.CheckpointAsync();

        next!.PreviousSignature.Should().Be(others!.Signature);
        var report = await new AuditVerifier(_store, Sink(), Keys()).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.ToString());
        report.CheckpointsVerified.Should().Be(3);
    }

    [Fact]
    public async Task Checkpoint_AfterItsNewestWasRemovedAndAnotherWriterAddedOne_StillShowsTheBrokenChain()
    {
        using var application = Writer();
        await _store.WriteAsync([Some.Record()]);
        await application.CheckpointAsync();
        await _store.WriteAsync([Some.Record()]);
        var removed = await application.CheckpointAsync();
        File.Delete(Directory.GetFiles(_directory.Path, $"*-head-{removed!.Sequence}.json").Single());

        await _store.WriteAsync([Some.Record()]);
        using var other = Writer();
        await other.CheckpointAsync();
        await _store.WriteAsync([Some.Record()]);
        var next = await application.CheckpointAsync();

        next!.PreviousSignature.Should().Be(removed.Signature, "a removed checkpoint must not be covered up");
        var report = await new AuditVerifier(_store, Sink(), Keys()).VerifyAsync();
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.CheckpointChainBroken);
    }

    [Fact]
    public async Task Checkpoint_TwoWritersOnOneFolderAtOnce_FormOneCheckpointChain_AndTheTrailVerifies()
    {
        using var application = Writer();
        using var other = Writer();
        for (var round = 0; round < 40; round++)
        {
            await _store.WriteAsync([Some.Record()]);
            await Task.WhenAll(Task.Run(() => application.CheckpointAsync()), Task.Run(() => other.CheckpointAsync()));
        }

        var report = await new AuditVerifier(_store, Sink(), Keys()).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.ToString());
        report.CheckpointsVerified.Should().Be(40, "one checkpoint per head: the second writer finds the head signed");
    }

    private AuditCheckpointWriter Writer() => new(_store, Sink(), new AuditCheckpointSigner(_key), TimeProvider.System);

    private FileSystemAuditCheckpointSink Sink() => new(_directory.Path);

    private AuditKeyRing Keys()
    {
        var keys = new AuditKeyRing();
        keys.Add(_key);
        return keys;
    }
}
