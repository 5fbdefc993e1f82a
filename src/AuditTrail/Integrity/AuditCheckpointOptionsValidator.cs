using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Validates <see cref="AuditCheckpointOptions"/>, every error in one message naming the option.</summary>
internal sealed class AuditCheckpointOptionsValidator : IValidateOptions<AuditCheckpointOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditCheckpointOptions options)
    {
        var errors = new List<string>();
        if ((options.SigningKey is null) == (options.SigningKeyPath is null))
        {
            errors.Add("Set exactly one of AuditCheckpointOptions.SigningKey and AuditCheckpointOptions.SigningKeyPath.");
        }
        else if (options.SigningKey is { KeySize: not 256 } key)
        {
            errors.Add($"AuditCheckpointOptions.SigningKey has {key.KeySize} bits; checkpoints are signed with ECDSA P-256.");
        }
        else if (options.SigningKey is { } otherCurve && !AuditKeyRing.IsP256(otherCurve))
        {
            errors.Add("AuditCheckpointOptions.SigningKey is a 256-bit key on another curve; checkpoints are signed with ECDSA P-256.");
        }
        else if (options.SigningKey is { } publicOnly && !HasPrivateKey(publicOnly))
        {
            errors.Add("AuditCheckpointOptions.SigningKey is a public key; signing checkpoints takes the private key.");
        }
        else if (options.SigningKeyPath is { } path)
        {
            errors.AddRange(KeyFileProblem(path));
        }

        foreach (var trusted in options.TrustedPublicKeyPaths)
        {
            if (Directory.Exists(trusted))
            {
                errors.Add($"AuditCheckpointOptions.TrustedPublicKeyPaths names '{trusted}', which is a directory, not a PEM file.");
            }
            else if (!File.Exists(trusted))
            {
                errors.Add($"AuditCheckpointOptions.TrustedPublicKeyPaths names '{trusted}', which does not exist.");
            }
            else if (TrustedKeyProblem(trusted) is { } keyProblem)
            {
                errors.Add($"AuditCheckpointOptions.TrustedPublicKeyPaths names '{trusted}', which {keyProblem}.");
            }
        }

        if (options.Directory is { } directory && string.IsNullOrWhiteSpace(directory))
        {
            errors.Add("AuditCheckpointOptions.Directory is empty; give a folder, or leave it null and register an IAuditCheckpointSink.");
        }
        else if (options.Directory is { } folder && AuditWritableDirectory.Problem(folder) is { } problem)
        {
            errors.Add($"AuditCheckpointOptions.Directory '{folder}' {problem}; give a folder this process can create and write.");
        }

        if (options.EveryEvents is < 1 or > 1_000_000)
        {
            errors.Add($"AuditCheckpointOptions.EveryEvents is {options.EveryEvents}; it must be between 1 and 1000000.");
        }

        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromDays(1))
        {
            errors.Add($"AuditCheckpointOptions.Interval is {options.Interval}; it must be between 00:00:01 and 1.00:00:00.");
        }

        if (options.PollInterval < TimeSpan.FromMilliseconds(100) || options.PollInterval > options.Interval)
        {
            errors.Add($"AuditCheckpointOptions.PollInterval is {options.PollInterval}; it must be between 00:00:00.1 and Interval ({options.Interval}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Reads a trusted key as the verifier's key ring will, so that a file it cannot use stops the start.</summary>
    private static string? TrustedKeyProblem(string path)
    {
        try
        {
            _ = AuditKeyRing.FromPemFiles([path]);
            return null;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return ex is ArgumentException ? "holds no PEM-encoded ECDSA P-256 key" : $"cannot be read ({ex.GetType().Name})";
        }
    }

    private static IEnumerable<string> KeyFileProblem(string path)
    {
        if (Directory.Exists(path))
        {
            yield return $"AuditCheckpointOptions.SigningKeyPath names '{path}', which is a directory, not a PEM file.";
            yield break;
        }

        if (!File.Exists(path))
        {
            yield return $"AuditCheckpointOptions.SigningKeyPath names '{path}', which does not exist.";
            yield break;
        }

        using var key = ECDsa.Create();
        string? problem = null;
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                problem = $"AuditCheckpointOptions.SigningKeyPath '{path}' holds a {key.KeySize}-bit key; checkpoints are signed with ECDSA P-256.";
            }
            else if (!AuditKeyRing.IsP256(key))
            {
                problem = $"AuditCheckpointOptions.SigningKeyPath '{path}' holds a 256-bit key on another curve; checkpoints are signed with ECDSA P-256.";
            }
            else if (!HasPrivateKey(key))
            {
                problem = $"AuditCheckpointOptions.SigningKeyPath '{path}' holds a public key; signing checkpoints takes the private key.";
            }
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // Not the exception's message: it names a parameter of the PEM reader, or carries an OpenSSL error code.
            problem = $"AuditCheckpointOptions.SigningKeyPath '{path}' holds no PEM-encoded ECDSA P-256 private key ({KeyFileHint})";
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }

    /// <summary>What a key file must hold, for messages about one that does not.</summary>
    internal const string KeyFileHint = "BEGIN EC PRIVATE KEY or BEGIN PRIVATE KEY of the curve P-256; not RSA, Ed25519, a certificate or an empty file";

    /// <summary>Whether <paramref name="key"/> can sign: a public key imported alone cannot export its private part.</summary>
    private static bool HasPrivateKey(ECDsa key)
    {
        try
        {
            key.ExportParameters(includePrivateParameters: true);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
