namespace AuditTrail.Syslog.Tests.Support;

/// <summary>
/// A <c>[Theory]</c> that needs rsyslogd with its RELP input (imrelp): skipped with a clear reason when either is
/// missing, unless <c>CI=true</c> (then it fails).
/// </summary>
public sealed class RsyslogRelpTheoryAttribute : TheoryAttribute
{
    public RsyslogRelpTheoryAttribute()
    {
        if ((!File.Exists(RsyslogReceiver.Executable) || !File.Exists(RsyslogReceiver.RelpModule)) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"rsyslogd with its RELP input is not installed ({RsyslogReceiver.RelpModule}); apt-get install rsyslog rsyslog-relp to run the RELP delivery tests.";
        }
    }
}
