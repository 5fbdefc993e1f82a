using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuditTrail.Syslog;

/// <summary>Reads the PEM files of <see cref="AuditSyslogOptions.TlsTrustedAuthorityFiles"/>.</summary>
internal static class AuditSyslogTrustedAuthorityFiles
{
    /// <summary>The certificates of <paramref name="path"/>; throws <see cref="ArgumentException"/> naming the file when it has none.</summary>
    public static X509Certificate2Collection Load(string path) =>
        TryLoad(path, out var authorities) is { } problem
            ? throw new ArgumentException($"AuditSyslogOptions.TlsTrustedAuthorityFiles holds '{path}', {problem}", nameof(path))
            : authorities;

    /// <summary>Why <paramref name="path"/> gives no authority to trust, or <see langword="null"/> with its <paramref name="authorities"/>.</summary>
    public static string? TryLoad(string? path, out X509Certificate2Collection authorities)
    {
        authorities = [];
        if (string.IsNullOrWhiteSpace(path))
        {
            return "which is not a path; name a PEM file of certificates.";
        }

        if (!File.Exists(path))
        {
            return Path.IsPathFullyQualified(path)
                ? "which does not exist."
                : $"which does not exist (relative to the current directory, {Directory.GetCurrentDirectory()}).";
        }

        try
        {
            authorities.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return $"which could not be read as PEM certificates: {e.Message}";
        }

        return authorities.Count == 0 ? "which holds no PEM certificate (-----BEGIN CERTIFICATE-----)." : null;
    }

    public static void Dispose(X509Certificate2Collection authorities)
    {
        foreach (var authority in authorities)
        {
            authority.Dispose();
        }
    }
}
