using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuditTrail.Syslog;

/// <summary>
/// Reads the client certificate of <see cref="AuditSyslogOptions.TlsClientCertificateFile"/>: PKCS#12 for a <c>.pfx</c>
/// or <c>.p12</c> file, PEM otherwise (with <see cref="AuditSyslogOptions.TlsClientCertificateKeyFile"/>).
/// </summary>
internal static class AuditSyslogClientCertificateFile
{
    private const string Prefix = "AuditSyslogOptions";

    /// <summary>The certificate of the files, or <see langword="null"/> when none is set; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static X509Certificate2? Load(AuditSyslogOptions options) =>
        TryLoad(options, out var certificate) is { } problem ? throw new ArgumentException(problem, nameof(options)) : certificate;

    /// <summary>
    /// Why the files give no client certificate, or <see langword="null"/> with its <paramref name="certificate"/>
    /// (<see langword="null"/> too when no file is set), which the caller owns.
    /// </summary>
    public static string? TryLoad(AuditSyslogOptions options, out X509Certificate2? certificate)
    {
        certificate = null;
        var (path, keyPath, password) = (options.TlsClientCertificateFile, options.TlsClientCertificateKeyFile, options.TlsClientCertificatePassword);
        if (path is null)
        {
            return keyPath is not null
                ? $"{Prefix}.TlsClientCertificateKeyFile is '{keyPath}' without {Prefix}.TlsClientCertificateFile; set the file of the certificate it is the key of."
                : password is not null ? $"{Prefix}.TlsClientCertificatePassword is set without {Prefix}.TlsClientCertificateFile; set the file it opens." : null;
        }

        if (options.TlsClientCertificate is not null)
        {
            return $"{Prefix}.TlsClientCertificate and {Prefix}.TlsClientCertificateFile are both set; set one.";
        }

        if (GetFileProblem(path) is { } problem)
        {
            return $"{Prefix}.TlsClientCertificateFile is '{path}', {problem}";
        }

        var pkcs12 = Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12";
        if (pkcs12 && keyPath is not null)
        {
            return $"{Prefix}.TlsClientCertificateKeyFile is '{keyPath}', but {Prefix}.TlsClientCertificateFile '{path}' is PKCS#12, which holds its key; leave the key file unset.";
        }

        if (keyPath is not null && GetFileProblem(keyPath) is { } keyProblem)
        {
            return $"{Prefix}.TlsClientCertificateKeyFile is '{keyPath}', {keyProblem}";
        }

        try
        {
            if (!pkcs12 && GetPemKeyProblem(keyPath ?? path, keyPath is null, password) is { } pemProblem)
            {
                return pemProblem;
            }

            certificate = pkcs12 ? X509CertificateLoader.LoadPkcs12FromFile(path, password) : LoadPem(path, keyPath, password);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            var with = keyPath is null ? "" : $" with {Prefix}.TlsClientCertificateKeyFile '{keyPath}'";
            var how = pkcs12
                ? $"as PKCS#12 with {Prefix}.TlsClientCertificatePassword ({(password is null ? "not set" : "as set")})"
                : password is null ? "as a PEM certificate with its private key" : $"as a PEM certificate with its private key decrypted by {Prefix}.TlsClientCertificatePassword";
            return $"{Prefix}.TlsClientCertificateFile is '{path}'{with}, which could not be read {how}: {e.Message}";
        }

        if (!certificate.HasPrivateKey)
        {
            var subject = certificate.Subject;
            certificate.Dispose();
            certificate = null;
            return $"{Prefix}.TlsClientCertificateFile is '{path}', which holds no private key; '{subject}' needs its key (in the file, or in {Prefix}.TlsClientCertificateKeyFile).";
        }

        return null;
    }

    private static X509Certificate2 LoadPem(string path, string? keyPath, string? password)
    {
        using var pem = password is null
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);

        // A key read from PEM is ephemeral, which Windows' TLS (SChannel) cannot use; the PKCS#12 round trip gives the
        // form SslStream takes on every system.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Why the PEM file <paramref name="keyPath"/> gives no key to read with <paramref name="password"/>, or <see langword="null"/>.</summary>
    private static string? GetPemKeyProblem(string keyPath, bool inCertificateFile, string? password)
    {
        var option = inCertificateFile ? "TlsClientCertificateFile" : "TlsClientCertificateKeyFile";
        var text = File.ReadAllText(keyPath);
        if (!text.Contains(" PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return inCertificateFile
                ? $"{Prefix}.{option} is '{keyPath}', which holds no private key; add it to the file, or name its file in {Prefix}.TlsClientCertificateKeyFile."
                : $"{Prefix}.{option} is '{keyPath}', which holds no PEM private key (-----BEGIN PRIVATE KEY-----).";
        }

        return password is null && text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal)
            ? $"{Prefix}.{option} is '{keyPath}', which holds an encrypted private key; set {Prefix}.TlsClientCertificatePassword."
            : null;
    }

    private static string? GetFileProblem(string path) =>
        string.IsNullOrWhiteSpace(path) ? "which is not a path; name a file."
        : File.Exists(path) ? null
        : Path.IsPathFullyQualified(path) ? "which does not exist."
        : $"which does not exist (relative to the current directory, {Directory.GetCurrentDirectory()}).";
}
