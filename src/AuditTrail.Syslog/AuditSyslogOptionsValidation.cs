using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace AuditTrail.Syslog;

/// <summary>The checks of <see cref="AuditSyslogOptions"/>, each problem named by its option.</summary>
internal static partial class AuditSyslogOptionsValidation
{
    public static List<string> Collect(AuditSyslogOptions options)
    {
        const string prefix = "AuditSyslogOptions";
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add($"{prefix}.Host is not set; name the syslog receiver's host or address.");
        }
        else if (GetHostProblem(options.Host) is { } hostProblem)
        {
            errors.Add($"{prefix}.Host is '{options.Host}'; {hostProblem}");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"{prefix}.Port is {options.Port}; it must be between 1 and 65535, or null for the transport's standard port.");
        }

        if (options.Port is null && options.Transport is AuditSyslogTransport.Relp or AuditSyslogTransport.RelpTls)
        {
            errors.Add($"{prefix}.Port is not set; RELP has no standard port: set the port of the receiver's imrelp input.");
        }

        if (options.RelpWindowSize is < 1 or > 1000)
        {
            errors.Add($"{prefix}.RelpWindowSize is {options.RelpWindowSize}; it must be between 1 and 1000.");
        }

        if (!Enum.IsDefined(options.Transport))
        {
            errors.Add($"{prefix}.Transport is {(int)options.Transport}; it must be one of {string.Join(", ", Enum.GetNames<AuditSyslogTransport>())}.");
        }

        if (!Enum.IsDefined(options.Payload))
        {
            errors.Add($"{prefix}.Payload is {(int)options.Payload}; it must be one of {string.Join(", ", Enum.GetNames<AuditSyslogPayload>())}.");
        }

        if (options.Facility is < 0 or > 23)
        {
            errors.Add($"{prefix}.Facility is {options.Facility}; syslog facilities are 0 to 23.");
        }

        if (!IsPrintableAscii(options.AppName, 48))
        {
            errors.Add($"{prefix}.AppName is '{options.AppName}'; it must be 1 to 48 printable ASCII characters without spaces.");
        }

        if (options.Hostname is { } hostname && !IsPrintableAscii(hostname, 255))
        {
            errors.Add($"{prefix}.Hostname is '{hostname}'; it must be 1 to 255 printable ASCII characters without spaces, or null for this machine's name.");
        }

        if (!IsSdName(options.StructuredDataId) || !options.StructuredDataId.Contains('@', StringComparison.Ordinal))
        {
            errors.Add($"{prefix}.StructuredDataId is '{options.StructuredDataId}'; it must be name@number (a private enterprise number), at most 32 printable ASCII characters without '=', ']', '\"' or spaces.");
        }

        if (GetPlainTransportProblem(options) is { } plainProblem)
        {
            errors.Add(plainProblem);
        }

        if (options.TlsTargetHost is { } targetHost && (string.IsNullOrWhiteSpace(targetHost) ? "it must be a host name, or null for Host." : GetHostProblem(targetHost)) is { } targetProblem)
        {
            errors.Add($"{prefix}.TlsTargetHost is '{targetHost}'; {targetProblem}");
        }

        if (options.TlsClientCertificate is { HasPrivateKey: false } client)
        {
            errors.Add($"{prefix}.TlsClientCertificate is '{client.Subject}' without its private key; load it with the key (a PFX, or X509Certificate2.CreateFromPemFile with the key file).");
        }

        if (AuditSyslogClientCertificateFile.TryLoad(options, out var fromFile) is { } clientProblem)
        {
            errors.Add(clientProblem);
        }

        fromFile?.Dispose();
        for (var i = 0; i < options.TlsTrustedAuthorityFiles.Count; i++)
        {
            var path = options.TlsTrustedAuthorityFiles[i];
            if (AuditSyslogTrustedAuthorityFiles.TryLoad(path, out var authorities) is { } problem)
            {
                errors.Add($"{prefix}.TlsTrustedAuthorityFiles[{i}] is '{path}', {problem}");
            }

            AuditSyslogTrustedAuthorityFiles.Dispose(authorities);
        }

        if (options.ConnectTimeout <= TimeSpan.Zero || options.ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{prefix}.ConnectTimeout is {options.ConnectTimeout}; it must be more than zero and at most 00:05:00.");
        }

        if (options.SendTimeout <= TimeSpan.Zero || options.SendTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{prefix}.SendTimeout is {options.SendTimeout}; it must be more than zero and at most 00:10:00.");
        }

        if (options.MaxUdpMessageBytes is < 480 or > 65_000)
        {
            errors.Add($"{prefix}.MaxUdpMessageBytes is {options.MaxUdpMessageBytes}; it must be between 480 and 65000.");
        }

        if (options.MaxRelpMessageBytes < 480)
        {
            errors.Add($"{prefix}.MaxRelpMessageBytes is {options.MaxRelpMessageBytes}; it must be at least 480 (set the receiver's imrelp maxDataSize, 8096 by default).");
        }

        return errors;
    }

    /// <summary>TLS options with a transport without TLS: the records would go in plain text, unlike what they ask for.</summary>
    private static string? GetPlainTransportProblem(AuditSyslogOptions options)
    {
        if (options.Transport is not (AuditSyslogTransport.Tcp or AuditSyslogTransport.Udp or AuditSyslogTransport.Relp))
        {
            return null;
        }

        var set = new (string Name, bool IsSet)[]
        {
            (nameof(options.TlsTargetHost), options.TlsTargetHost is not null),
            (nameof(options.TlsTrustedAuthorities), options.TlsTrustedAuthorities.Count > 0),
            (nameof(options.TlsTrustedAuthorityFiles), options.TlsTrustedAuthorityFiles.Count > 0),
            (nameof(options.TlsClientCertificate), options.TlsClientCertificate is not null),
            (nameof(options.TlsClientCertificateFile), options.TlsClientCertificateFile is not null),
            (nameof(options.TlsClientCertificateKeyFile), options.TlsClientCertificateKeyFile is not null),
            (nameof(options.TlsClientCertificatePassword), options.TlsClientCertificatePassword is not null),
        }.Where(o => o.IsSet).Select(o => $"AuditSyslogOptions.{o.Name}").ToList();
        return set.Count == 0
            ? null
            : $"AuditSyslogOptions.Transport is {options.Transport}, which does not use TLS, but {string.Join(" and ", set)} {(set.Count == 1 ? "is" : "are")} set; " +
              $"the records would go in plain text: set Transport to Tls or RelpTls, or remove {(set.Count == 1 ? "it" : "them")}.";
    }

    /// <summary>
    /// Why <paramref name="host"/> is not a host name or an IP address (IPv6 without brackets) that DNS resolution
    /// and the socket take as they are, or <see langword="null"/> when it is.
    /// </summary>
    private static string? GetHostProblem(string host)
    {
        const string rule = "it must be a host name or an IP address only";
        if (host.Contains("://", StringComparison.Ordinal))
        {
            return $"{rule}, without a scheme (choose the protocol with AuditSyslogOptions.Transport and the port with AuditSyslogOptions.Port).";
        }

        if (host.Any(char.IsWhiteSpace))
        {
            return $"{rule}, without spaces.";
        }

        if (host.StartsWith('[') && host.EndsWith(']') && IPAddress.TryParse(host[1..^1], out var bracketed) && bracketed.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return $"{rule}; write the IPv6 address without brackets ('{host[1..^1]}').";
        }

        if (IPAddress.TryParse(host, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6 && !host.Contains('[', StringComparison.Ordinal))
        {
            return null;
        }

        if (HostWithPort().IsMatch(host))
        {
            return $"{rule}, without a port; set the port with AuditSyslogOptions.Port.";
        }

        if (host.IndexOfAny(['/', '\\', '?', '#', '@']) >= 0)
        {
            return $"{rule}, without a path, user or query.";
        }

        // Underscores are not in the host name rules, but container and internal DNS names carry them.
        return Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4 || HostName().IsMatch(host)
            ? null
            : $"{rule} (letters, digits, '-' and '.'), or an IPv4 or IPv6 address.";
    }

    [GeneratedRegex(@"^(\[[^\]]*\]|[^:]*):[0-9]*$", RegexOptions.CultureInvariant)]
    private static partial Regex HostWithPort();

    [GeneratedRegex(@"^[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\.[A-Za-z0-9_][A-Za-z0-9_-]{0,62})*\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex HostName();

    /// <summary>Whether <paramref name="text"/> is 1 to <paramref name="max"/> characters of printable US-ASCII (33 to 126), as RFC 5424 header fields are.</summary>
    public static bool IsPrintableAscii(string? text, int max) =>
        !string.IsNullOrEmpty(text) && text.Length <= max && text.All(c => c is >= '!' and <= '~');

    private static bool IsSdName(string? text) =>
        IsPrintableAscii(text, 32) && text!.All(c => c is not ('=' or ']' or '"'));
}
