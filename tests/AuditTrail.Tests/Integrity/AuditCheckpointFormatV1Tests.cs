namespace AuditTrail.Tests.Integrity;

/// <summary>
/// Checkpoint files written before the retention policy kind existed (<c>checkpoints-v1/</c>: a head, a purge intent and
/// an anchor, written by the folder sink of that version, with the public key of the key that signed them) still read
/// and verify, and a checkpoint of those kinds is still signed over the same payload.
/// </summary>
public sealed class AuditCheckpointFormatV1Tests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Integrity", "checkpoints-v1");

    [Fact]
    public async Task ReadAndVerify_CheckpointFilesWrittenBeforeTheRetentionPolicyKind_VerifyAndChain()
    {
        var keys = AuditKeyRing.FromPemFiles([Path.Combine(Fixture, "public-key.pem")]);

        var checkpoints = await new FileSystemAuditCheckpointSink(Path.Combine(Fixture, "checkpoints")).ReadAllAsync();

        checkpoints.Select(c => c.Kind).Should().Equal(AuditCheckpointKind.Head, AuditCheckpointKind.PurgeIntent, AuditCheckpointKind.Anchor);
        checkpoints.Should().OnlyContain(c => c.Policy == null);
        foreach (var checkpoint in checkpoints)
        {
            keys.Verify(checkpoint, out var known).Should().BeTrue($"the {checkpoint.Kind} checkpoint was signed over the v1 payload");
            known.Should().BeTrue();
        }

        checkpoints[1].PreviousSignature.Should().Be(checkpoints[0].Signature);
        checkpoints[2].PreviousSignature.Should().Be(checkpoints[1].Signature);
        System.Text.Encoding.UTF8.GetString(checkpoints[0].SignedPayload()).Should().StartWith("audittrail-checkpoint-v1\nHead\n6\n");
    }
}
