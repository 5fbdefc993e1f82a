using System.Security.Cryptography;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail archive --purge --checkpoints</c> on a trail with signed checkpoints signs the anchor it leaves, as <c>purge</c> does.</summary>
public sealed class ArchiveCheckpointsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ArchiveCheckpointsTests()
    {
        File.WriteAllText(PrivateKey, _key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(PublicKey, _key.ExportSubjectPublicKeyInfoPem());
        Directory.CreateDirectory(Checkpoints);
    }

    public void Dispose()
    {
        _key.Dispose();
        _trail.Dispose();
    }

    private string PrivateKey => _trail.PathOf("signing.pem");

    private string PublicKey => _trail.PathOf("public.pem");

    private string Checkpoints => _trail.PathOf("checkpoints");

    [Fact]
    public async Task ArchivePurge_WithCheckpoints_SignsTheNewAnchor_AndVerifyWithCheckpointsIsValid()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));
        await SignHeadAsync();

        var (archiveExit, archived, archiveError) = await CliRunner.RunAsync(
            "archive", "--sqlite", _trail.Database, "--dir", _trail.PathOf("archive"), "--before", "2026-10-01T10:00:00Z",
            "--purge", "--signing-key", PrivateKey, "--checkpoints", Checkpoints);
        var (exit, output, error) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database, "--checkpoints", Checkpoints, "--public-key", PublicKey);

        archiveExit.Should().Be(AuditTrailCommand.Valid, archiveError);
        archived.Should().Contain("Purged 10 archived record(s)").And.Contain("The new retention anchor is signed into");
        exit.Should().Be(AuditTrailCommand.Valid, output + error);
        output.Should().Contain("VALID").And.Contain("starting after the retention anchor at row 10").And.Contain("checkpoints: 3 checked");
        CheckpointFiles().Should().Equal(["0000000001-head-20.json", "0000000002-purgeintent-10.json", "0000000003-anchor-10.json"], "the purge announced what it removes before its first batch");
    }

    [Fact]
    public async Task PurgeExecute_WithCheckpoints_SignsItsIntentBeforeItsFirstBatch_ThenItsAnchor()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));
        await SignHeadAsync();

        var (exit, _, error) = await CliRunner.RunAsync(
            "purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute", "--signing-key", PrivateKey, "--checkpoints", Checkpoints);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        CheckpointFiles().Should().Equal(["0000000001-head-20.json", "0000000002-purgeintent-10.json", "0000000003-anchor-10.json"]);
    }

    [Fact]
    public async Task Verify_PurgeStoppedBeforeItSignedItsAnchor_ExitsZeroSayingAPurgeIsUnderWay()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));
        await SignHeadAsync();
        var cutoff = new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.Zero);
        await using (var store = _trail.OpenStore())
        {
            // What a purge killed after its first batch leaves: its intent signed, some rows gone, no anchor signed.
            var tenth = await store.ReadChainAsync(9).FirstAsync();
            var sink = new FileSystemAuditCheckpointSink(Checkpoints);
            var head = (await sink.ReadAllAsync())[^1];
            await sink.WriteAsync(new AuditCheckpointSigner(_key).Sign(AuditCheckpointKind.PurgeIntent, new AuditChainPosition(10, tenth.Hash), Start.AddDays(1), head));
            (await store.PurgeAsync(cutoff, 4)).Should().Be(4);
        }

        var (exit, output, error) = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database, "--checkpoints", Checkpoints, "--public-key", PublicKey);

        exit.Should().Be(AuditTrailCommand.Valid, output + error);
        output.Should().Contain("VALID").And.Contain("starting after the retention anchor at row 4")
            .And.Contain("a purge is under way or was interrupted: the retention anchor at row 4 is covered by the purge signed at 2026-10-02T00:00:00.000000Z (rows up to 10)");
    }

    private string[] CheckpointFiles() => [.. Directory.GetFiles(Checkpoints, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Theory]
    [InlineData("--purge")]
    [InlineData("--signing-key")]
    public async Task Archive_CheckpointsWithoutPurgeOrSigningKey_ExitsTwoNamingThem_AndArchivesNothing(string leftOut)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));
        string[] arguments = ["archive", "--sqlite", _trail.Database, "--dir", _trail.PathOf("archive"), "--before", "2026-10-01T10:00:00Z", "--checkpoints", Checkpoints];
        arguments = leftOut == "--purge" ? [.. arguments, "--signing-key", PrivateKey] : [.. arguments, "--purge"];

        var (exit, _, error) = await CliRunner.RunAsync(arguments);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--checkpoints").And.Contain(leftOut);
        Directory.Exists(_trail.PathOf("archive")).Should().BeFalse();
    }

    [Fact]
    public async Task Archive_CheckpointsFolderMissing_ExitsTwoNamingIt_AndCreatesNoArchive()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));
        var missing = _trail.PathOf("no-such-folder");

        var (exit, _, error) = await CliRunner.RunAsync(
            "archive", "--sqlite", _trail.Database, "--dir", _trail.PathOf("archive"), "--before", "2026-10-01T10:00:00Z",
            "--purge", "--signing-key", PrivateKey, "--checkpoints", missing);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("Option --checkpoints").And.Contain(missing);
        Directory.Exists(_trail.PathOf("archive")).Should().BeFalse();
        await using var store = _trail.OpenStore();
        (await store.CountAsync(AuditFilter.All)).Should().Be(20);
    }

    /// <summary>Signs the chain's head into the folder, as the application's checkpoints do.</summary>
    private async Task SignHeadAsync()
    {
        await using var store = _trail.OpenStore();
        var head = await store.GetHeadAsync();
        var checkpoint = new AuditCheckpointSigner(_key).Sign(AuditCheckpointKind.Head, head!, Start.AddDays(1), previous: null);
        await new FileSystemAuditCheckpointSink(Checkpoints).WriteAsync(checkpoint);
    }
}
