using System.Security.Cryptography;

namespace AuditTrail.Samples.Console;

/// <summary>
/// SAMPLE-ONLY CONVENIENCE: the checkpoint signing key is created on first run and kept beside the database.
/// A real deployment keeps the private key away from the database host (a key vault, an HSM, a separate
/// secret mount) so that whoever can edit the database cannot also re-sign checkpoints; see docs/integrity.md.
/// </summary>
internal static class SampleSigningKey
{
    public static (string PrivateKeyPath, string PublicKeyPath, string CheckpointDirectory) EnsureBeside(string databasePath)
    {
        var privateKey = databasePath + ".checkpoint-key.pem";
        var publicKey = databasePath + ".checkpoint-key.pub.pem";
        if (!File.Exists(privateKey))
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            File.WriteAllText(privateKey, key.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(publicKey, key.ExportSubjectPublicKeyInfoPem());
        }

        return (privateKey, publicKey, databasePath + ".checkpoints");
    }
}
