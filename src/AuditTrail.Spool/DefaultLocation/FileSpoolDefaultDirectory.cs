using System.Security.Cryptography;
using System.Text;

namespace AuditTrail.Spool;

/// <summary>
/// The name of the default spool directory: <c>{data folder}/AuditTrail/spool/{application}</c>, with
/// <c>-{hash of the store identity}</c> appended when the store names itself (the PostgreSQL and SQL Server stores do).
/// </summary>
internal static class FileSpoolDefaultDirectory
{
    /// <summary>The longest application part of the name.</summary>
    public const int MaxApplicationLength = 64;

    /// <summary>The directories between the data folder and the application's directory.</summary>
    public static readonly string Parent = Path.Combine("AuditTrail", "spool");

    /// <summary>The default directory under <paramref name="dataFolder"/>.</summary>
    public static string Under(string dataFolder, string? application, string? storeIdentity)
    {
        var name = SafeName(application);
        if (!string.IsNullOrEmpty(storeIdentity))
        {
            name += "-" + Discriminator(storeIdentity);
        }

        return Path.Combine(dataFolder, Parent, name);
    }

    /// <summary>
    /// <paramref name="application"/> as a file name on every system: ASCII letters, digits, <c>.</c>, <c>-</c> and
    /// <c>_</c> are kept, anything else becomes <c>_</c>; no leading or trailing dot; at most
    /// <see cref="MaxApplicationLength"/> characters; <c>application</c> when nothing is left.
    /// </summary>
    public static string SafeName(string? application)
    {
        var name = new StringBuilder(Math.Min(application?.Length ?? 0, MaxApplicationLength));
        foreach (var c in (application ?? "").Trim())
        {
            if (name.Length == MaxApplicationLength)
            {
                break;
            }

            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        var safe = name.ToString().Trim('.');
        return safe.Length == 0 ? "application" : safe;
    }

    /// <summary>The first 10 hex digits of the SHA-256 of <paramref name="storeIdentity"/>: stable across runs and machines.</summary>
    public static string Discriminator(string storeIdentity) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(storeIdentity)), 0, 5);
}
