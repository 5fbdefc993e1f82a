using System.Security.Cryptography;

namespace AuditTrail;

/// <summary>
/// The public keys a verifier trusts, by key id. Keys rotate: each checkpoint names the id of the key that
/// signed it, and the ring holds the current and every earlier public key.
/// </summary>
public sealed class AuditKeyRing
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private static readonly ECCurve P256 = ExplicitP256();

    private readonly Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);

    /// <summary>The ids of the keys in the ring.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>The id of a key: the first 8 bytes of the SHA-256 of its DER SubjectPublicKeyInfo, lowercase hex.</summary>
    /// <param name="key">A P-256 key (public or private).</param>
    /// <returns>The 16-character id.</returns>
    public static string KeyIdOf(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())[..8]);
    }

    /// <summary>Reads PEM files holding public (or private) P-256 keys into a ring.</summary>
    /// <param name="paths">The files.</param>
    /// <returns>The ring.</returns>
    /// <exception cref="ArgumentException">A file holds no usable P-256 key; the message names it.</exception>
    public static AuditKeyRing FromPemFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var ring = new AuditKeyRing();
        foreach (var path in paths)
        {
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(File.ReadAllText(path));
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                key.Dispose();
                throw new ArgumentException($"The key file '{path}' holds no PEM-encoded EC key (BEGIN PUBLIC KEY, or a private key, of the curve P-256).", nameof(paths), ex);
            }

            ring.Add(key);
        }

        return ring;
    }

    /// <summary>Adds a key (only its public part is used).</summary>
    /// <param name="key">A P-256 key.</param>
    /// <returns>The key's id.</returns>
    public string Add(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!IsP256(key))
        {
            throw new ArgumentException($"Checkpoint keys are ECDSA P-256; this key has {key.KeySize} bits{(key.KeySize == 256 ? " on another curve" : string.Empty)}.", nameof(key));
        }

        var publicOnly = ECDsa.Create(key.ExportParameters(includePrivateParameters: false));
        var id = KeyIdOf(publicOnly);
        _keys[id] = publicOnly;
        return id;
    }

    /// <summary>
    /// Whether <paramref name="key"/> is an ECDSA P-256 key, the curve checkpoints are signed with, not merely a 256-bit
    /// one (brainpoolP256r1 and secp256k1 keys sign and verify too, but no other verifier of P-256 signatures takes them).
    /// A key that does not export its curve (held by hardware, say) is judged by its size.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> for a P-256 key, named or given by its parameters.</returns>
    public static bool IsP256(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            return false;
        }

        ECCurve curve;
        try
        {
            curve = key.ExportParameters(includePrivateParameters: false).Curve;
        }
        catch (Exception e) when (e is CryptographicException or NotSupportedException or PlatformNotSupportedException)
        {
            return true;
        }

        if (curve.IsNamed)
        {
            return curve.Oid.Value == P256Oid || (curve.Oid.Value is null && curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1");
        }

        return curve.IsPrime && curve.Prime.AsSpan().SequenceEqual(P256.Prime) && curve.A.AsSpan().SequenceEqual(P256.A) && curve.B.AsSpan().SequenceEqual(P256.B)
            && curve.G.X.AsSpan().SequenceEqual(P256.G.X) && curve.G.Y.AsSpan().SequenceEqual(P256.G.Y) && curve.Order.AsSpan().SequenceEqual(P256.Order);
    }

    private static ECCurve ExplicitP256()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportExplicitParameters(includePrivateParameters: false).Curve;
    }

    /// <summary>Whether <paramref name="checkpoint"/> carries a valid signature by a key of this ring.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="knownKey">Whether the ring holds the key the checkpoint names.</param>
    /// <returns><see langword="true"/> when the key is known and the signature verifies.</returns>
    public bool Verify(AuditCheckpoint checkpoint, out bool knownKey)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        // A sink of one's own may hand over an edited checkpoint whose key id or signature is null: it does not verify.
        knownKey = checkpoint.KeyId is not null && _keys.ContainsKey(checkpoint.KeyId);
        var key = knownKey ? _keys[checkpoint.KeyId!] : null;
        if (key is null || checkpoint.Signature is null)
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[128];
        return Convert.TryFromBase64String(checkpoint.Signature, signature, out var length)
            && key.VerifyData(checkpoint.SignedPayload(), signature[..length], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Whether <paramref name="manifest"/> carries a valid signature by a key of this ring.</summary>
    /// <param name="manifest">The archive manifest.</param>
    /// <param name="knownKey">Whether the ring holds the key the manifest names.</param>
    /// <returns><see langword="true"/> when the manifest is signed, the key is known and the signature verifies.</returns>
    public bool Verify(AuditArchiveManifest manifest, out bool knownKey)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        knownKey = manifest.KeyId is not null && _keys.ContainsKey(manifest.KeyId);
        if (!knownKey || manifest.Signature is null)
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[128];
        return Convert.TryFromBase64String(manifest.Signature, signature, out var length)
            && _keys[manifest.KeyId!].VerifyData(manifest.SignedPayload(), signature[..length], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }
}
