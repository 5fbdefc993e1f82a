using System.Security.Cryptography;

namespace AuditTrail.Tests.Integrity;

public sealed class AuditCheckpointOptionsValidatorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("audit-checkpoint-key-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SigningKeyPath_APublicKey_IsRefusedAtStart_NamingTheOption()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(_directory, "key.pub.pem");
        File.WriteAllText(path, key.ExportSubjectPublicKeyInfoPem());

        var result = new AuditCheckpointOptionsValidator().Validate(null, new AuditCheckpointOptions { SigningKeyPath = path, Directory = _directory });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("AuditCheckpointOptions.SigningKeyPath").And.Contain("holds a public key");
    }

    [Fact]
    public void SigningKey_PublicOnly_IsRefusedAtStart_NamingTheOption()
    {
        using var full = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var publicOnly = ECDsa.Create(full.ExportParameters(includePrivateParameters: false));

        var result = new AuditCheckpointOptionsValidator().Validate(null, new AuditCheckpointOptions { SigningKey = publicOnly, Directory = _directory });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("AuditCheckpointOptions.SigningKey is a public key");
    }

    [Fact]
    public void SigningKeyAndPath_A256BitKeyOnAnotherCurve_AreRefusedAtStart_NamingTheOption()
    {
        // brainpoolP256r1 has 256 bits too, but its signatures are not the ECDSA P-256 ones the docs promise.
        using var brainpool = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        var path = Path.Combine(_directory, "brainpool.pem");
        File.WriteAllText(path, brainpool.ExportECPrivateKeyPem());
        var trusted = Path.Combine(_directory, "brainpool.pub.pem");
        File.WriteAllText(trusted, brainpool.ExportSubjectPublicKeyInfoPem());
        var options = new AuditCheckpointOptions { SigningKeyPath = path, Directory = _directory };
        options.TrustedPublicKeyPaths.Add(trusted);

        var fromPath = new AuditCheckpointOptionsValidator().Validate(null, options);
        var fromKey = new AuditCheckpointOptionsValidator().Validate(null, new AuditCheckpointOptions { SigningKey = brainpool, Directory = _directory });

        fromPath.Failed.Should().BeTrue();
        fromPath.FailureMessage.Should().Contain($"AuditCheckpointOptions.SigningKeyPath '{path}'").And.Contain("ECDSA P-256")
            .And.Contain($"AuditCheckpointOptions.TrustedPublicKeyPaths names '{trusted}'");
        fromKey.Failed.Should().BeTrue();
        fromKey.FailureMessage.Should().Contain("AuditCheckpointOptions.SigningKey").And.Contain("ECDSA P-256");
        FluentActions.Invoking(() => new AuditCheckpointSigner(brainpool)).Should().Throw<ArgumentException>().WithMessage("*P-256*");
        FluentActions.Invoking(() => new AuditKeyRing().Add(brainpool)).Should().Throw<ArgumentException>().WithMessage("*P-256*");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("p384")]
    public void TrustedPublicKeyPaths_AFileWithoutAP256Key_IsRefusedAtStart_NamingTheOption(string content)
    {
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var trusted = Path.Combine(_directory, "old.pub.pem");
        File.WriteAllText(trusted, content == "garbage" ? "not a key" : p384.ExportSubjectPublicKeyInfoPem());
        var options = new AuditCheckpointOptions { SigningKey = signing, Directory = _directory };
        options.TrustedPublicKeyPaths.Add(trusted);

        var result = new AuditCheckpointOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain($"AuditCheckpointOptions.TrustedPublicKeyPaths names '{trusted}'");
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("junk")]
    [InlineData("rsa")]
    [InlineData("certificate")]
    public void SigningKeyPath_NoP256PrivateKeyInIt_NamesTheOptionTheFileAndWhatItMustHold_WithoutTheCryptoLibrarysMessage(string content)
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rsa = RSA.Create(2048);
        var path = Path.Combine(_directory, $"{content}.pem");
        File.WriteAllText(path, content switch
        {
            "junk" => "not a key",
            "rsa" => rsa.ExportPkcs8PrivateKeyPem(),
            "certificate" => new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=x", ec, HashAlgorithmName.SHA256)
                .CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1)).ExportCertificatePem(),
            _ => string.Empty,
        });

        var result = new AuditCheckpointOptionsValidator().Validate(null, new AuditCheckpointOptions { SigningKeyPath = path, Directory = _directory });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain($"AuditCheckpointOptions.SigningKeyPath '{path}' holds no PEM-encoded ECDSA P-256 private key (BEGIN EC PRIVATE KEY or BEGIN PRIVATE KEY")
            .And.NotContain("(Parameter").And.NotContain("error:0").And.NotContain("Check that the input");
    }

    [Fact]
    public void SigningKeyPathOrTrustedPublicKeyPaths_ADirectory_SaySo_NotThatItDoesNotExist()
    {
        var folder = Path.Combine(_directory, "keys");
        Directory.CreateDirectory(folder);
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var trusting = new AuditCheckpointOptions { SigningKey = signing, Directory = _directory };
        trusting.TrustedPublicKeyPaths.Add(folder);

        var bySigning = new AuditCheckpointOptionsValidator().Validate(null, new AuditCheckpointOptions { SigningKeyPath = folder, Directory = _directory });
        var byTrusted = new AuditCheckpointOptionsValidator().Validate(null, trusting);

        bySigning.FailureMessage.Should().Contain($"AuditCheckpointOptions.SigningKeyPath names '{folder}', which is a directory").And.NotContain("does not exist");
        byTrusted.FailureMessage.Should().Contain($"AuditCheckpointOptions.TrustedPublicKeyPaths names '{folder}', which is a directory").And.NotContain("does not exist");
    }

    [Fact]
    public void SigningKeyPath_APrivateKey_IsAccepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(_directory, "key.pem");
        File.WriteAllText(path, key.ExportPkcs8PrivateKeyPem());

        new AuditCheckpointOptionsValidator().Validate(null, new AuditCheckpointOptions { SigningKeyPath = path, Directory = _directory })
            .Succeeded.Should().BeTrue();
    }

    [Theory]
    [InlineData("file")]
    [InlineData("under-a-file")]
    [InlineData("proc")]
    public void Directory_ThatCannotBeWritten_IsRefusedAtStart_NamingTheOption(string kind)
    {
        if (kind == "proc" && !Directory.Exists("/proc/self"))
        {
            return;
        }

        var file = Path.Combine(_directory, "not-a-folder");
        File.WriteAllText(file, "");
        var folder = kind switch
        {
            "file" => file,
            "under-a-file" => Path.Combine(file, "checkpoints"),
            _ => "/proc/ckpt",
        };
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var result = new AuditCheckpointOptionsValidator().Validate(null, new AuditCheckpointOptions { SigningKey = key, Directory = folder });

        result.Failures.Should().ContainSingle().Which.Should()
            .StartWith($"AuditCheckpointOptions.Directory '{folder}' cannot be created or written: ")
            .And.EndWith("; give a folder this process can create and write.")
            .And.NotContain(".;", "the system's reason ends before the advice without a stray full stop");
    }

    [Fact]
    public void Directory_Missing_IsCreatedAndAccepted()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var folder = Path.Combine(_directory, "new", "checkpoints");

        new AuditCheckpointOptionsValidator().Validate(null, new AuditCheckpointOptions { SigningKey = key, Directory = folder })
            .Succeeded.Should().BeTrue();
        Directory.EnumerateFileSystemEntries(folder).Should().BeEmpty("the probe file is gone");
    }
}
