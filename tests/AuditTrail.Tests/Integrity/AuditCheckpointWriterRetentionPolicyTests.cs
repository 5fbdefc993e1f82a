using System.Security.Cryptography;
using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Tests.Integrity;

/// <summary>
/// Retention policy checkpoints: the writer signs a policy only when it differs from the newest signed one (its own or
/// another writer's on the folder), chains it like every checkpoint, and the verifier reads it back; an edited policy
/// text is a bad signature.
/// </summary>
public sealed class AuditCheckpointWriterRetentionPolicyTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ChainedFakeStore _store = new();
    private readonly FakeTimeProvider _clock = new(Some.BaseTime);

    public void Dispose()
    {
        _key.Dispose();
        _directory.Dispose();
    }

    private static AuditRetentionOptions Sessions(int days)
    {
        var options = new AuditRetentionOptions { Period = TimeSpan.FromDays(365) };
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = TimeSpan.FromDays(days) });
        return options;
    }

    [Fact]
    public async Task RetentionPolicy_SignedOnceUntilItChanges_AndChainedToTheOtherCheckpoints()
    {
        using var writer = Writer();
        await _store.WriteAsync([Some.Record(), Some.Record()]);
        var head = await writer.CheckpointAsync();

        var first = await writer.RetentionPolicyAsync(Sessions(30));
        _clock.Advance(TimeSpan.FromDays(1));
        var again = await writer.RetentionPolicyAsync(Sessions(30));
        var lengthened = await writer.RetentionPolicyAsync(Sessions(90));

        first!.Kind.Should().Be(AuditCheckpointKind.RetentionPolicy);
        first.Sequence.Should().Be(2, "it names the head of the chain when it was signed");
        first.PreviousSignature.Should().Be(head!.Signature);
        first.Policy.Should().Be(AuditRetentionPolicyText.Format(Sessions(30)));
        again.Should().BeNull("the newest signed policy is this one");
        lengthened!.PreviousSignature.Should().Be(first.Signature);
        lengthened.CreatedAt.Should().Be(Some.BaseTime.AddDays(1));
        var report = await new AuditVerifier(_store, Sink(), Keys()).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.ToString());
        report.CheckpointsVerified.Should().Be(3);
        (await File.ReadAllTextAsync(Directory.GetFiles(_directory.Path, "*-head-*.json").Single())).Should().NotContain("policy", "other kinds are written as before");
    }

    [Fact]
    public async Task RetentionPolicy_AfterAnotherWriterSignedAnotherPolicy_SignsItsOwnAgain()
    {
        using var application = Writer();
        await application.RetentionPolicyAsync(Sessions(30));
        using var other = Writer();
        await other.RetentionPolicyAsync(Sessions(90));

        var resigned = await application.RetentionPolicyAsync(Sessions(30));

        resigned.Should().NotBeNull("the newest signed policy on the folder is the other writer's");
        (await Sink().ReadAllAsync()).Select(c => c.Policy).Should().Equal(
            AuditRetentionPolicyText.Format(Sessions(30)), AuditRetentionPolicyText.Format(Sessions(90)), AuditRetentionPolicyText.Format(Sessions(30)));
    }

    [Fact]
    public async Task Verify_PolicyTextAndHashReplacedTogether_ReportsABadSignature()
    {
        using var writer = Writer();
        await _store.WriteAsync([Some.Record()]);
        var signed = await writer.RetentionPolicyAsync(Sessions(30));
        var forgedText = AuditRetentionPolicyText.Format(Sessions(1));
        var file = Directory.GetFiles(_directory.Path, "*-retentionpolicy-*.json").Single();
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(file))!;
        json["policy"] = forgedText;
        json["hash"] = Convert.ToHexStringLower(AuditRetentionPolicyText.Hash(forgedText));
        await File.WriteAllTextAsync(file, json.ToJsonString());

        var report = await new AuditVerifier(_store, Sink(), Keys()).VerifyAsync();

        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.BadSignature);
        report.Problem.Sequence.Should().Be(signed!.Sequence);
    }

    private AuditCheckpointWriter Writer() => new(_store, Sink(), new AuditCheckpointSigner(_key), _clock);

    private FileSystemAuditCheckpointSink Sink() => new(_directory.Path);

    private AuditKeyRing Keys()
    {
        var keys = new AuditKeyRing();
        keys.Add(_key);
        return keys;
    }
}
