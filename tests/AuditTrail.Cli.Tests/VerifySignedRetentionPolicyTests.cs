using System.Security.Cryptography;
using System.Text;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// <c>audittrail verify --checkpoints</c> reads retention policy checkpoints: tombstones a signed policy explains are
/// expected after the period was lengthened, and a policy checkpoint edited in the folder is a bad signature.
/// </summary>
public sealed class VerifySignedRetentionPolicyTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The policy retention signed (a year by default, 30 days for sessions), as the application writes it.</summary>
    private const string SignedPolicy = "audittrail-retention-policy-v1\ndefault 365.00:00:00\nrule * session. * 30.00:00:00";

    private readonly TestTrail _trail = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _trail.Dispose();
    }

    private string Checkpoints => _trail.PathOf("checkpoints");

    private string PublicKey => _trail.PathOf("public.pem");

    /// <summary>Six records, a server change and a session in turn; the two first sessions tombstoned under the signed 30-day rule.</summary>
    private async Task WriteSignedPolicyAndTombstonesAsync()
    {
        var records = TestTrail.Hourly(Start, 6, ("server.updated", AuditActionType.Update), ("session.started", AuditActionType.Authentication));
        await _trail.WriteAsync(records);
        await File.WriteAllTextAsync(PublicKey, _key.ExportSubjectPublicKeyInfoPem());
        var position = new AuditChainPosition(6, SHA256.HashData(Encoding.UTF8.GetBytes(SignedPolicy)));
        var policy = new AuditCheckpointSigner(_key).Sign(AuditCheckpointKind.RetentionPolicy, position, Start.AddDays(40), null) with { Policy = SignedPolicy };
        await new FileSystemAuditCheckpointSink(Checkpoints).WriteAsync(policy);
        await using var store = _trail.OpenStore();
        await store.TombstoneAsync([new AuditTombstoneRequest(2, records[1].Id, "retention:Rules[0]"), new AuditTombstoneRequest(4, records[3].Id, "retention:Rules[0]")]);
    }

    [Fact]
    public async Task Verify_TombstonesASignedPolicyExplains_AfterThePeriodWasLengthened_AreValid()
    {
        await WriteSignedPolicyAndTombstonesAsync();

        var (exit, output, error) = await CliRunner.RunAsync(
            "verify", "--sqlite", _trail.Database, "--checkpoints", Checkpoints, "--public-key", PublicKey,
            "--retention-period", "365d", "--retention-rule", "action=session.,period=3650d");

        exit.Should().Be(AuditTrailCommand.Valid, output + error);
        output.Should().Contain("of them tombstones (expired by the retention policy): 2").And.Contain("checkpoints: 1 checked");
    }

    [Fact]
    public async Task Verify_PolicyCheckpointEdited_ReportsABadSignature()
    {
        await WriteSignedPolicyAndTombstonesAsync();
        var file = Directory.GetFiles(Checkpoints, "*-retentionpolicy-6.json").Single();
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("30.00:00:00", "3.00:00:00", StringComparison.Ordinal));

        var (exit, output, _) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database, "--checkpoints", Checkpoints, "--public-key", PublicKey);

        exit.Should().Be(AuditTrailCommand.ProblemFound);
        output.Should().Contain("BadSignature at row 6").And.Contain("altered or forged");
    }
}
