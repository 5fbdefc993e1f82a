using System.Security.Cryptography;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>A <c>--public-key</c> that holds no P-256 public key exits <c>2</c> naming the option and the file, never a library parameter.</summary>
public sealed class PublicKeyOptionTests : IDisposable
{
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Theory]
    [InlineData("verify", "junk", "holds no ECDSA P-256 key in PEM")]
    [InlineData("verify", "p384", "holds a 384-bit key")]
    [InlineData("verify", "directory", "is a directory, not a public key PEM file")]
    [InlineData("verify-archive", "junk", "holds no ECDSA P-256 key in PEM")]
    [InlineData("verify-archive", "p384", "holds a 384-bit key")]
    [InlineData("verify", "brainpool", "is not on the P-256 curve")]
    public async Task PublicKey_NotAP256Key_ExitsTwoNamingTheOptionAndFile_WithoutALibraryParameter(string command, string content, string message)
    {
        await _trail.WriteAsync(TestTrail.Hourly(new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), 2, ("user.login", AuditActionType.Security)));
        var key = _trail.PathOf("key.pem");
        switch (content)
        {
            case "junk":
                await File.WriteAllTextAsync(key, "not a key");
                break;
            case "p384":
                using (var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384))
                {
                    await File.WriteAllTextAsync(key, p384.ExportSubjectPublicKeyInfoPem());
                }

                break;
            case "brainpool":
                using (var brainpool = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1))
                {
                    await File.WriteAllTextAsync(key, brainpool.ExportSubjectPublicKeyInfoPem());
                }

                break;
            default:
                Directory.CreateDirectory(key);
                break;
        }

        string[] args = command == "verify"
            ? ["verify", "--sqlite", _trail.Database, "--public-key", key]
            : ["verify-archive", _trail.PathOf(string.Empty), "--public-key", key];
        var (exit, output, error) = await CliRunner.RunAsync(args);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError, output);
        error.Should().Contain("Option --public-key").And.Contain(key).And.Contain(message)
            .And.NotContain("(Parameter", "the message is the command's, not a library method's");
    }
}
