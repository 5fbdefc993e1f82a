using System.Globalization;
using AuditTrail.Syslog;

namespace AuditTrail.Samples.WebApp;

/// <summary>
/// Where the trail is forwarded, from configuration: <c>Syslog:Host</c> (off when not set), <c>Syslog:Port</c>,
/// <c>Syslog:Transport</c> (<c>Tcp</c>, <c>Tls</c>, <c>Udp</c>, <c>Relp</c> or <c>RelpTls</c>), <c>Syslog:Payload</c>
/// (<c>Json</c> or <c>Ocsf</c>), <c>Syslog:TlsTrustedAuthorityFiles:0</c>, <c>:1</c>… (PEM files of the receiver's authorities)
/// and <c>Syslog:TlsClientCertificateFile</c>, <c>:TlsClientCertificateKeyFile</c>, <c>:TlsClientCertificatePassword</c>
/// (the certificate presented to a receiver that asks for one), <c>Syslog:RelpWindowSize</c>,
/// <c>Syslog:MaxRelpMessageBytes</c> and <c>Syslog:MaxUdpMessageBytes</c> (see <see cref="AuditSyslogOptions"/>).
/// </summary>
internal static class SyslogSettings
{
    public const string Section = "Syslog";

    /// <summary>Fills <paramref name="options"/> from the section, naming a value that is not valid.</summary>
    public static void Apply(IConfiguration configuration, AuditSyslogOptions options)
    {
        var section = configuration.GetSection(Section);
        options.Host = section["Host"];
        options.Port = Number(section, "Port", "a port number") ?? options.Port;
        options.Transport = Parse(section, "Transport", options.Transport);
        options.Payload = Parse(section, "Payload", options.Payload);
        foreach (var file in section.GetSection("TlsTrustedAuthorityFiles").GetChildren())
        {
            if (file.Value is { Length: > 0 } path)
            {
                options.TlsTrustedAuthorityFiles.Add(path);
            }
        }

        options.TlsClientCertificateFile = NullIfEmpty(section["TlsClientCertificateFile"]);
        options.TlsClientCertificateKeyFile = NullIfEmpty(section["TlsClientCertificateKeyFile"]);
        options.TlsClientCertificatePassword = NullIfEmpty(section["TlsClientCertificatePassword"]);
        options.RelpWindowSize = Number(section, "RelpWindowSize", "a number of messages") ?? options.RelpWindowSize;
        options.MaxRelpMessageBytes = Number(section, "MaxRelpMessageBytes", "a number of bytes") ?? options.MaxRelpMessageBytes;
        options.MaxUdpMessageBytes = Number(section, "MaxUdpMessageBytes", "a number of bytes") ?? options.MaxUdpMessageBytes;
    }

    /// <summary>Whether forwarding is configured.</summary>
    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[$"{Section}:Host"]);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The section's whole number under <paramref name="key"/>, or <see langword="null"/> when not set (the library's options check its range).</summary>
    private static int? Number(IConfigurationSection section, string key, string what) =>
        section[key] is not { Length: > 0 } text ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : throw new InvalidOperationException($"{Section}:{key}: '{text}' is not {what}.");

    private static T Parse<T>(IConfigurationSection section, string key, T fallback)
        where T : struct, Enum =>
        section[key] is not { Length: > 0 } text ? fallback
        : Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
        : throw new InvalidOperationException($"{Section}:{key}: '{text}' is none of {string.Join(", ", Enum.GetNames<T>())}.");
}
