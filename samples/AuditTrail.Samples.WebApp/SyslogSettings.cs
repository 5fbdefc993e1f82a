using System.Globalization;
using AuditTrail.Syslog;

namespace AuditTrail.Samples.WebApp;

/// <summary>
/// Where the trail is forwarded, from configuration: <c>Syslog:Host</c> (off when not set), <c>Syslog:Port</c>,
/// <c>Syslog:Transport</c> (<c>Tcp</c>, <c>Tls</c>, <c>Udp</c>, <c>Relp</c> or <c>RelpTls</c>), <c>Syslog:Payload</c>
/// (<c>Json</c> or <c>Ocsf</c>), <c>Syslog:TlsTrustedAuthorityFiles:0</c>, <c>:1</c>… (PEM files of the receiver's authorities)
/// and <c>Syslog:TlsClientCertificateFile</c>, <c>:TlsClientCertificateKeyFile</c>, <c>:TlsClientCertificatePassword</c>
/// (the certificate presented to a receiver that asks for one).
/// </summary>
internal static class SyslogSettings
{
    public const string Section = "Syslog";

    /// <summary>Fills <paramref name="options"/> from the section, naming a value that is not valid.</summary>
    public static void Apply(IConfiguration configuration, AuditSyslogOptions options)
    {
        var section = configuration.GetSection(Section);
        options.Host = section["Host"];
        if (section["Port"] is { Length: > 0 } port)
        {
            options.Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? number
                : throw new InvalidOperationException($"{Section}:Port: '{port}' is not a port number.");
        }

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
    }

    /// <summary>Whether forwarding is configured.</summary>
    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[$"{Section}:Host"]);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static T Parse<T>(IConfigurationSection section, string key, T fallback)
        where T : struct, Enum =>
        section[key] is not { Length: > 0 } text ? fallback
        : Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value
        : throw new InvalidOperationException($"{Section}:{key}: '{text}' is none of {string.Join(", ", Enum.GetNames<T>())}.");
}
