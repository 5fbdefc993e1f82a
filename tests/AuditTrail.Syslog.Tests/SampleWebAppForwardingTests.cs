using System.Text.RegularExpressions;
using AuditTrail.Samples.WebApp;
using AuditTrail.Syslog.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Syslog.Tests;

/// <summary>The sample web app forwards its trail to syslog when <c>--Syslog:Host</c> is given.</summary>
public sealed partial class SampleWebAppForwardingTests
{
    [RsyslogFact]
    public async Task SampleWithSyslogHost_ForwardsItsTrail_FromTheFirstRecord_InOrder()
    {
        await using var rsyslog = await RsyslogReceiver.StartAsync();
        var directory = Path.Combine(Path.GetTempPath(), "audittrail-sample-syslog-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        var app = MonitoringApp.Create(
        [
            "--urls", "http://127.0.0.1:0",
            "--db", Path.Combine(directory, "audit.db"),
            "--environment", "Production",
            "--Logging:LogLevel:Default", "Warning",
            "--Syslog:Host", "127.0.0.1",
            "--Syslog:Port", rsyslog.TcpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Syslog:Payload", "Ocsf",
        ]);
        try
        {
            await app.StartAsync();

            var lines = await rsyslog.WaitForAsync(10);

            lines.Should().HaveCountGreaterThanOrEqualTo(10, "the sample seeds its demo history, and every record is forwarded");
            var sequences = lines.Select(line => long.Parse(SequencePattern().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            sequences.Should().Equal(Enumerable.Range(1, sequences.Count).Select(n => (long)n));
            lines.Should().OnlyContain(line => line.Contains("\"class_uid\":", StringComparison.Ordinal), "the payload is OCSF");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void SampleWithABadSyslogSetting_FailsNamingIt()
    {
        var create = () => MonitoringApp.Create(["--urls", "http://127.0.0.1:0", "--Syslog:Host", "127.0.0.1", "--Syslog:Transport", "carrier-pigeon"]).Services
            .GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<AuditSyslogOptions>>().Get(AuditSyslogBuilderExtensions.DefaultConsumerName);

        create.Should().Throw<InvalidOperationException>().WithMessage("Syslog:Transport: 'carrier-pigeon' is none of Tcp, Tls, Udp, Relp, RelpTls.");
    }

    [GeneratedRegex(" seq=\"(\\d+)\"")]
    private static partial Regex SequencePattern();
}
