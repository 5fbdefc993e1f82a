namespace AuditTrail.Syslog.Tests.Support;

/// <summary>A <c>[Fact]</c> that needs rsyslogd: skipped with a clear reason when it is not installed, unless <c>CI=true</c> (then it fails).</summary>
public sealed class RsyslogFactAttribute : FactAttribute
{
    public RsyslogFactAttribute()
    {
        if (!File.Exists(RsyslogReceiver.Executable) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"rsyslogd is not installed ({RsyslogReceiver.Executable}); apt-get install rsyslog to run the syslog delivery tests.";
        }
    }
}
