namespace AuditTrail.Syslog.Tests.Support;

/// <summary>
/// A <c>[Fact]</c> that needs rsyslogd with its OpenSSL driver: skipped with a clear reason when either is missing,
/// unless <c>CI=true</c> (then it fails).
/// </summary>
public sealed class RsyslogTlsFactAttribute : FactAttribute
{
    public RsyslogTlsFactAttribute()
    {
        if ((!File.Exists(RsyslogReceiver.Executable) || !File.Exists(RsyslogReceiver.OpenSslDriver)) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"rsyslogd with its OpenSSL driver is not installed ({RsyslogReceiver.OpenSslDriver}); apt-get install rsyslog rsyslog-openssl to run the syslog TLS delivery test.";
        }
    }
}
