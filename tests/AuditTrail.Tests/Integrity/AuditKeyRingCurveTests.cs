using System.Security.Cryptography;

namespace AuditTrail.Tests.Integrity;

/// <summary>Checkpoint keys are ECDSA P-256: named or given by its parameters; another 256-bit curve is not one.</summary>
public sealed class AuditKeyRingCurveTests
{
    [Fact]
    public void IsP256_ANamedP256Key_AndOneGivenByItsParameters_Are()
    {
        using var named = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var explicitCurve = ECDsa.Create(named.ExportExplicitParameters(includePrivateParameters: true));

        AuditKeyRing.IsP256(named).Should().BeTrue();
        AuditKeyRing.IsP256(explicitCurve).Should().BeTrue("the same curve, given by its prime, coefficients, generator and order");
    }

    [Theory]
    [InlineData("brainpoolP256r1")]
    [InlineData("secp256k1")]
    [InlineData("nistP384")]
    public void IsP256_AKeyOnAnotherCurve_IsNot_AndTheRingRefusesIt(string curve)
    {
        using var key = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        using var explicitCurve = ECDsa.Create(key.ExportExplicitParameters(includePrivateParameters: true));

        AuditKeyRing.IsP256(key).Should().BeFalse();
        AuditKeyRing.IsP256(explicitCurve).Should().BeFalse("given by its parameters it is still another curve");
        var add = () => new AuditKeyRing().Add(key);
        add.Should().Throw<ArgumentException>().WithParameterName("key").WithMessage("*ECDSA P-256*");
    }
}
