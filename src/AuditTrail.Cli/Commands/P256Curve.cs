using System.Security.Cryptography;

namespace AuditTrail.Cli.Commands;

/// <summary>
/// Whether a key given to the command is on the P-256 curve that checkpoints are signed with, not merely 256 bits long
/// (brainpoolP256r1 and secp256k1 keys import, sign and verify too, but not as the documented ECDSA P-256).
/// </summary>
internal static class P256Curve
{
    private static readonly ECCurve Explicit = ExplicitP256();

    public static bool Holds(ECDsa key)
    {
        if (key.KeySize != 256)
        {
            return false;
        }

        var curve = key.ExportExplicitParameters(includePrivateParameters: false).Curve;
        return curve.Prime.AsSpan().SequenceEqual(Explicit.Prime) && curve.A.AsSpan().SequenceEqual(Explicit.A) && curve.B.AsSpan().SequenceEqual(Explicit.B)
            && curve.G.X.AsSpan().SequenceEqual(Explicit.G.X) && curve.G.Y.AsSpan().SequenceEqual(Explicit.G.Y) && curve.Order.AsSpan().SequenceEqual(Explicit.Order);
    }

    private static ECCurve ExplicitP256()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportExplicitParameters(includePrivateParameters: false).Curve;
    }
}
