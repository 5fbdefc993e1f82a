using System.Security.Cryptography;

namespace AuditTrail.Cli.Commands;

/// <summary>
/// The checkpoint signing key of <c>--signing-key</c> (archive manifests, a purge's anchor), checked in full before a
/// command changes anything: a public key or a file of junk is found here, not after the records are gone.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private const string OptionName = "--signing-key";

    private SigningKey(ECDsa key)
    {
        Key = key;
        Signer = new AuditCheckpointSigner(key);
    }

    /// <summary>The P-256 private key; owned by this instance.</summary>
    public ECDsa Key { get; }

    /// <summary>A signer over <see cref="Key"/>.</summary>
    public AuditCheckpointSigner Signer { get; }

    /// <summary>The key, or <see langword="null"/> without a key file.</summary>
    /// <exception cref="CliConnectionException">The file does not exist.</exception>
    /// <exception cref="CliUsageException">The file holds no ECDSA P-256 private key.</exception>
    public static SigningKey? Read(string? path)
    {
        if (path is null)
        {
            return null;
        }

        if (Directory.Exists(path))
        {
            throw new CliUsageException($"Option {OptionName}: '{path}' is a directory, not a private key PEM file.");
        }

        if (!File.Exists(path))
        {
            throw new CliConnectionException($"Option {OptionName}: the signing key file '{path}' does not exist.");
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                throw new CliUsageException($"Option {OptionName}: the file '{path}' holds a {key.KeySize}-bit key; checkpoints are signed with ECDSA P-256.");
            }

            if (!AuditKeyRing.IsP256(key))
            {
                throw new CliUsageException($"Option {OptionName}: the file '{path}' holds an ECDSA key that is not on the P-256 curve; checkpoints are signed with ECDSA P-256.");
            }

            // Only a private key signs: a public key imports, then fails at the first signature.
            key.SignData([0], HashAlgorithmName.SHA256);
            return new SigningKey(key);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();

            // Not the exception's message: it names a parameter of the PEM reader, or carries an OpenSSL error code.
            throw new CliUsageException($"Option {OptionName}: the file '{path}' holds no ECDSA P-256 private key in PEM (BEGIN EC PRIVATE KEY or BEGIN PRIVATE KEY; a public key cannot sign).");
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public void Dispose() => Key.Dispose();
}
