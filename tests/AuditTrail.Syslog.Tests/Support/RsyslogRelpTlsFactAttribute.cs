namespace AuditTrail.Syslog.Tests.Support;

/// <summary>
/// A <c>[Fact]</c> that needs rsyslogd with its RELP input and its OpenSSL driver (the helper's TCP port speaks TLS
/// too): skipped with a clear reason when one is missing, unless <c>CI=true</c> (then it fails).
/// </summary>
public sealed class RsyslogRelpTlsFactAttribute : FactAttribute
{
    public RsyslogRelpTlsFactAttribute()
    {
        string[] needed = [RsyslogReceiver.Executable, RsyslogReceiver.RelpModule, RsyslogReceiver.OpenSslDriver];
        if (needed.FirstOrDefault(file => !File.Exists(file)) is { } missing && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"{missing} is not installed; apt-get install rsyslog rsyslog-relp rsyslog-openssl to run the RELP over TLS delivery tests.";
        }
    }
}
