using System.Security.Cryptography;

namespace AuditTrail.Cli.Archive;

/// <summary>The checkpoint signing key of <c>--signing-key</c>, which signs archive manifests.</summary>
internal static class SigningKey
{
    /// <summary>The signer, or <see langword="null"/> without a key file (manifests are then written unsigned).</summary>
    public static AuditCheckpointSigner? Read(string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            throw new CliConnectionException($"The signing key file '{path}' does not exist.");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            return new AuditCheckpointSigner(key);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new CliUsageException($"--signing-key: the file '{path}' holds no P-256 private key in PEM: {ex.Message}");
        }
    }
}
