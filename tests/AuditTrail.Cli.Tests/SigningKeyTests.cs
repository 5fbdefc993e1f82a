using System.Security.Cryptography;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Purge;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>--signing-key</c> of <c>purge</c> and <c>archive</c>: checked in full before anything is purged or written.</summary>
public sealed class SigningKeyTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public SigningKeyTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(PrivateKey, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(PublicKey, key.ExportSubjectPublicKeyInfoPem());
        File.WriteAllText(Junk, "not a key");
        Directory.CreateDirectory(Checkpoints);
    }

    public void Dispose() => _trail.Dispose();

    private string PrivateKey => _trail.PathOf("signing.pem");

    private string PublicKey => _trail.PathOf("public.pem");

    private string Junk => _trail.PathOf("junk.pem");

    private string Checkpoints => _trail.PathOf("checkpoints");

    private async Task<(long Count, long? Anchor)> StateAsync()
    {
        await using var store = _trail.OpenStore();
        return (await store.CountAsync(AuditFilter.All), (await store.GetAnchorAsync())?.Sequence);
    }

    [Theory]
    [InlineData("public.pem")]
    [InlineData("junk.pem")]
    public async Task Purge_KeyThatCannotSign_ExitsTwoNamingTheOption_AndPurgesNothing(string keyFile)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));

        var (exit, _, error) = await CliRunner.RunAsync(
            "purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute", "--checkpoints", Checkpoints, "--signing-key", _trail.PathOf(keyFile));

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--signing-key").And.Contain("private key").And.NotContain("   at ");
        (await StateAsync()).Should().Be((20L, (long?)null), "nothing may go before the key is known to sign");
        Directory.GetFiles(Checkpoints).Should().BeEmpty();
    }

    [Theory]
    [InlineData("public")]
    [InlineData("junk")]
    [InlineData("empty")]
    [InlineData("rsa")]
    public async Task Purge_KeyThatCannotSign_NamesTheFileAndWhatItMustHold_WithoutTheCryptoLibrarysMessage(string content)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 5, ("user.login", AuditActionType.Security)));
        var key = _trail.PathOf($"{content}-key.pem");
        using (var rsa = RSA.Create(2048))
        {
            File.WriteAllText(key, content switch
            {
                "public" => File.ReadAllText(PublicKey),
                "junk" => "not a key",
                "rsa" => rsa.ExportPkcs8PrivateKeyPem(),
                _ => string.Empty,
            });
        }

        var (exit, _, error) = await CliRunner.RunAsync(
            "purge", "--sqlite", _trail.Database, "--before", "2026-10-01T02:00:00Z", "--execute", "--checkpoints", Checkpoints, "--signing-key", key);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain($"Option --signing-key: the file '{key}' holds no ECDSA P-256 private key in PEM (BEGIN EC PRIVATE KEY or BEGIN PRIVATE KEY")
            .And.NotContain("(Parameter", "a parameter of .NET's PEM reader means nothing to the operator")
            .And.NotContain("error:0", "nor does an OpenSSL error code")
            .And.NotContain("-----BEGIN", "no key material is printed");
        (await StateAsync()).Should().Be((5L, (long?)null));
    }

    [Fact]
    public async Task Purge_A256BitKeyOnAnotherCurve_ExitsTwoNamingTheOption_AndPurgesNothing()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 5, ("user.login", AuditActionType.Security)));
        var key = _trail.PathOf("brainpool.pem");
        using (var brainpool = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1))
        {
            File.WriteAllText(key, brainpool.ExportECPrivateKeyPem());
        }

        var (exit, _, error) = await CliRunner.RunAsync(
            "purge", "--sqlite", _trail.Database, "--before", "2026-10-01T02:00:00Z", "--execute", "--checkpoints", Checkpoints, "--signing-key", key);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain($"Option --signing-key: the file '{key}' holds an ECDSA key that is not on the P-256 curve");
        (await StateAsync()).Should().Be((5L, (long?)null));
        Directory.GetFiles(Checkpoints).Should().BeEmpty();
    }

    [Fact]
    public async Task Purge_CheckpointFolderHoldsAnUnreadableFile_PurgesNothingAndSaysWhy_WithoutAStackTrace()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));
        var damaged = Path.Combine(Checkpoints, "0000000001-head-5.json");
        await File.WriteAllTextAsync(damaged, "{ not json");

        var (exit, _, error) = await CliRunner.RunAsync(
            "purge", "--sqlite", _trail.Database, "--before", "2026-10-01T10:00:00Z", "--execute", "--checkpoints", Checkpoints, "--signing-key", PrivateKey);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("Nothing was purged: the purge's intent could not be signed").And.Contain(damaged).And.NotContain("   at ");
        (await StateAsync()).Count.Should().Be(20, "nothing goes before the purge is announced");
    }

    [Fact]
    public async Task Purge_AnchorCannotBeSignedAfterThePurge_RecordsThePurgeAndSaysWhatIsMissing()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, PurgeCommand.BatchSize + 10, ("user.login", AuditActionType.Security)));
        await using var sqlite = _trail.OpenStore();

        // The checkpoint folder becomes a file once the first batch went: the intent was signed, the anchor cannot be.
        var store = new AfterFirstPurgeBatchStore(sqlite, () =>
        {
            Directory.Delete(Checkpoints, recursive: true);
            return File.WriteAllTextAsync(Checkpoints, "not a folder");
        });
        using var signing = new PurgeSigning(Checkpoints, SigningKey.Read(PrivateKey)!);

        var run = () => PurgeExecution.RunAsync(store, Start.AddYears(1), signing, CancellationToken.None);

        (await run.Should().ThrowAsync<CliConnectionException>()).Which.Message.Should()
            .Contain($"Purged {PurgeCommand.BatchSize + 10} record(s)").And.Contain("failed to sign the new retention anchor or record audit.purged");
        var purged = await sqlite.StreamAsync(new AuditFilter { Actions = [AuditActions.AuditPurged] }).ToListAsync();
        purged.Should().ContainSingle("the rows are gone, so the purge is recorded although its anchor failed")
            .Which.Metadata["purged_count"].Should().Be($"{PurgeCommand.BatchSize + 10}");
    }

    [Fact]
    public async Task Archive_PublicKey_ExitsTwoNamingTheOption_AndWritesNothing()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));
        var archive = _trail.PathOf("archive");

        var (exit, _, error) = await CliRunner.RunAsync(
            "archive", "--sqlite", _trail.Database, "--dir", archive, "--before", "2026-10-01T10:00:00Z", "--purge", "--signing-key", PublicKey);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("--signing-key").And.Contain("private key").And.NotContain("   at ");
        (await StateAsync()).Count.Should().Be(20);
        (Directory.Exists(archive) ? Directory.GetFiles(archive) : []).Should().BeEmpty();
    }
}
