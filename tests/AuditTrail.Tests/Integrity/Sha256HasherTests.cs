using System.Security.Cryptography;
using AuditTrail.Internal;

namespace AuditTrail.Tests.Integrity;

/// <summary>The chain's SHA-256 (OpenSSL's EVP API called directly on Linux, .NET's elsewhere) gives .NET's bytes.</summary>
public sealed class Sha256HasherTests
{
    [Fact]
    public void OnLinux_HashesThroughOpenSsl()
    {
        // .NET itself needs libcrypto.so.3 on Linux, so the direct path must be taken there; a silent fallback would
        // only show as a slower verification.
        using var hasher = new Sha256Hasher();

        hasher.UsesOpenSsl.Should().Be(OperatingSystem.IsLinux());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Hash_EqualsSha256HashData_ForInputsOfEveryLength_OneInstanceReused(bool allowOpenSsl)
    {
        var random = new Random(20261202);
        using var hasher = new Sha256Hasher(allowOpenSsl);
        var destination = new byte[40];
        foreach (var length in Enumerable.Range(0, 300).Concat([511, 512, 513, 600, 1024, 4096, 65_537, 1 << 20]))
        {
            var data = new byte[length];
            random.NextBytes(data);

            hasher.Hash(data, destination);

            destination[..32].Should().Equal(SHA256.HashData(data), $"the hash of {length} bytes");
            destination[32..].Should().OnlyContain(b => b == 0, "only the first 32 bytes are written");
        }
    }

    [Fact]
    public void Hash_ADestinationShorterThanAHash_IsRejectedNamingBothSizes()
    {
        using var hasher = new Sha256Hasher();

        var act = () => hasher.Hash([1, 2, 3], new byte[31]);

        act.Should().Throw<ArgumentException>().WithParameterName("destination").WithMessage("*32 bytes*31*");
    }

    [Fact]
    public async Task Hash_OnManyThreadsAtOnce_EachWithItsOwnInstance_GivesTheSameBytes()
    {
        var data = Enumerable.Range(0, 600).Select(i => (byte)i).ToArray();
        var expected = SHA256.HashData(data);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            using var hasher = new Sha256Hasher();
            var destination = new byte[32];
            for (var i = 0; i < 10_000; i++)
            {
                hasher.Hash(data, destination);
                if (!destination.AsSpan().SequenceEqual(expected))
                {
                    return false;
                }
            }

            return true;
        })));

        results.Should().AllSatisfy(ok => ok.Should().BeTrue());
    }
}
