using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Integrity;

/// <summary>
/// A record's encoding version follows from its content: without a target user it is canonical_v1, byte for byte as
/// before target users existed; with one it is canonical_v2, which covers the target user.
/// </summary>
public sealed class AuditChainTargetUserTests
{
    private static readonly byte[] Genesis = AuditChain.GenesisHash.ToArray();

    [Fact]
    public void Canonicalize_WithoutTargetUser_IsVersion1_WithATargetUser_IsVersion1BytesUnderVersion2ThenTheTarget()
    {
        var without = Some.Record();
        var with = without with { TargetUser = new AuditTargetUser("u-mike", null) };

        var v1 = AuditChain.Canonicalize(5, without);
        var v2 = AuditChain.Canonicalize(5, with);

        AuditChain.EncodingVersionOf(without).Should().Be(AuditChain.EncodingVersion);
        AuditChain.EncodingVersionOf(with).Should().Be(AuditChain.TargetUserEncodingVersion);
        v1[0].Should().Be(1);
        v2[0].Should().Be(2);
        v2[1..v1.Length].Should().Equal(v1[1..], "v2 is v1's fields under its own version byte");
        v2[v1.Length..].Should().Equal([0, 0, 0, 6, .. "u-mike"u8.ToArray(), 0xFF, 0xFF, 0xFF, 0xFF]);
    }

    [Fact]
    public void ComputeHash_SettingClearingOrEditingTheTargetUser_ChangesTheHash()
    {
        var record = Some.Record() with { TargetUser = new AuditTargetUser("u-mike", "Mike Chen") };
        var hashes = new[]
        {
            record,
            record with { TargetUser = null },
            record with { TargetUser = new AuditTargetUser("u-anna", "Mike Chen") },
            record with { TargetUser = new AuditTargetUser("u-mike", null) },
            record with { TargetUser = new AuditTargetUser("u-mike", string.Empty) },
        }.Select(variant => Convert.ToHexStringLower(AuditChain.ComputeHash(Genesis, 1, variant)));

        hashes.Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Encoder_Start_UnknownVersion_Throws(byte version)
    {
        using var encoder = new AuditCanonicalEncoder();

        FluentActions.Invoking(() => encoder.Start(Genesis, 1, version)).Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(version));
    }
}
