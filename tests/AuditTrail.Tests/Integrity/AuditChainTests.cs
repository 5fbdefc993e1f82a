using System.Security.Cryptography;
using System.Text.Json;

namespace AuditTrail.Tests.Integrity;

/// <summary>
/// The canonical encoding is pinned by committed vectors whose hashes were computed by an independent
/// implementation of docs/integrity.md; a change to the encoding fails here.
/// </summary>
public sealed class AuditChainTests
{
    private sealed record Expected(long Sequence, string CanonicalSha256, string Hash);

    private sealed record Vectors(int EncodingVersion, string Genesis, List<AuditRecord> Records, List<Expected> Expected);

    private static Vectors Load() =>
        JsonSerializer.Deserialize<Vectors>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Integrity", "chain-vectors.json")), AuditJson.Options)!;

    [Fact]
    public void ComputeHash_ThreeEventVector_GivesThePinnedHashes()
    {
        var vectors = Load();
        vectors.EncodingVersion.Should().Be(AuditChain.EncodingVersion);
        Convert.ToHexStringLower(AuditChain.GenesisHash).Should().Be(vectors.Genesis);

        var previous = AuditChain.GenesisHash.ToArray();
        for (var i = 0; i < vectors.Records.Count; i++)
        {
            var expected = vectors.Expected[i];
            var canonical = AuditChain.Canonicalize(expected.Sequence, vectors.Records[i]);
            Convert.ToHexStringLower(SHA256.HashData(canonical)).Should().Be(expected.CanonicalSha256, $"record {expected.Sequence} encodes canonically");

            var hash = AuditChain.ComputeHash(previous, expected.Sequence, vectors.Records[i]);
            Convert.ToHexStringLower(hash).Should().Be(expected.Hash);
            previous = hash;
        }
    }

    [Fact]
    public void ComputeHash_AnyFieldOrPositionChange_ChangesTheHash()
    {
        var record = Load().Records[1];
        var genesis = AuditChain.GenesisHash.ToArray();
        var original = Convert.ToHexStringLower(AuditChain.ComputeHash(genesis, 2, record));

        AuditRecord[] variants =
        [
            record with { Description = record.Description + " " },
            record with { TenantId = null },
            record with { FailureReason = "" },
            record with { Actor = record.Actor with { DisplayName = null } },
            record with { OccurredAt = record.OccurredAt.AddTicks(10) },
            record with { Metadata = new Dictionary<string, string>(record.Metadata) { ["Zeta"] = "z" } },
            record with { Resource = null },
        ];

        foreach (var variant in variants)
        {
            Convert.ToHexStringLower(AuditChain.ComputeHash(genesis, 2, variant)).Should().NotBe(original);
        }

        Convert.ToHexStringLower(AuditChain.ComputeHash(genesis, 3, record)).Should().NotBe(original, "the position is part of the hash");
    }
}
