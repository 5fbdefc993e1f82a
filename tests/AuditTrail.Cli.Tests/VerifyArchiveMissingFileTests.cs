using System.Security.Cryptography;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail verify-archive</c> when a segment's file was deleted but its manifest kept: a missing segment, exit 1.</summary>
public sealed class VerifyArchiveMissingFileTests : IDisposable
{
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task VerifyArchive_SegmentFileDeletedButItsManifestKept_ExitsOneNamingTheMissingSegment()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (privateKey, publicKey, archive) = (_trail.PathOf("signing.pem"), _trail.PathOf("public.pem"), _trail.PathOf("archive"));
        await File.WriteAllTextAsync(privateKey, key.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(publicKey, key.ExportSubjectPublicKeyInfoPem());
        await _trail.WriteAsync(TestTrail.Hourly(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), 20, ("user.login", AuditActionType.Security)));
        var archived = await CliRunner.RunAsync(
            "archive", "--sqlite", _trail.Database, "--dir", archive, "--before", "2026-10-01T10:00:00Z", "--signing-key", privateKey, "--max-records", "4");
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        var segment = Directory.GetFiles(archive, "*.jsonl.gz").Order(StringComparer.Ordinal).ElementAt(1);
        File.Delete(segment);

        var (exit, output, error) = await CliRunner.RunAsync("verify-archive", archive, "--public-key", publicKey);

        exit.Should().Be(AuditTrailCommand.ProblemFound, error);
        output.Should().Contain("PROBLEM FOUND").And.Contain("MissingSegment").And.Contain("rows 5 to 8").And.Contain("manifest remains");
    }
}
