namespace AuditTrail.Syslog;

/// <summary>The checks of <see cref="AuditSyslogOptions"/>, each problem named by its option.</summary>
internal static class AuditSyslogOptionsValidation
{
    public static List<string> Collect(AuditSyslogOptions options)
    {
        const string prefix = "AuditSyslogOptions";
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add($"{prefix}.Host is not set; name the syslog receiver's host or address.");
        }

        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"{prefix}.Port is {options.Port}; it must be between 1 and 65535, or null for the transport's standard port.");
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

        if (options.ConnectTimeout <= TimeSpan.Zero || options.ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{prefix}.ConnectTimeout is {options.ConnectTimeout}; it must be more than zero and at most 00:05:00.");
        }

        if (options.MaxUdpMessageBytes is < 480 or > 65_000)
        {
            errors.Add($"{prefix}.MaxUdpMessageBytes is {options.MaxUdpMessageBytes}; it must be between 480 and 65000.");
        }

        return errors;
    }

    /// <summary>Whether <paramref name="text"/> is 1 to <paramref name="max"/> characters of printable US-ASCII (33 to 126), as RFC 5424 header fields are.</summary>
    public static bool IsPrintableAscii(string? text, int max) =>
        !string.IsNullOrEmpty(text) && text.Length <= max && text.All(c => c is >= '!' and <= '~');

    private static bool IsSdName(string? text) =>
        IsPrintableAscii(text, 32) && text!.All(c => c is not ('=' or ']' or '"'));
}
