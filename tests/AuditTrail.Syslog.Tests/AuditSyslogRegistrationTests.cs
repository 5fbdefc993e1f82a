using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Syslog.Tests;

/// <summary>Syslog forwarders registered with and without a name: options of their own, validated one by one, named in each problem.</summary>
public sealed class AuditSyslogRegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TwoForwarders_OfOneName_AreRefused()
    {
        var builder = new ServiceCollection().AddAuditTrail().AddSyslogForwarder(options => options.Host = "127.0.0.1");

        var again = () => builder.AddSyslogForwarder(AuditSyslogBuilderExtensions.DefaultConsumerName, options => options.Host = "10.0.0.1");

        again.Should().Throw<ArgumentException>().WithMessage("A consumer named 'syslog' is registered already*").Which.ParamName.Should().Be("name");
    }

    [Fact]
    public void NamedForwarders_EachGetTheirOwnOptions_BesideTheDefaultOne()
    {
        using var services = new ServiceCollection().AddAuditTrail()
            .AddSyslogForwarder(options => options.Host = "default.internal")
            .AddSyslogForwarder("siem-a", options => (options.Host, options.Port) = ("siem-a.internal", 6514))
            .AddSyslogForwarder("siem-b", options => (options.Host, options.Payload) = ("siem-b.internal", AuditSyslogPayload.Ocsf))
            .Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptionsMonitor<AuditSyslogOptions>>();

        (options.Get("syslog").Host, options.Get("siem-a").Host, options.Get("siem-b").Host).Should().Be(("default.internal", "siem-a.internal", "siem-b.internal"));
        (options.Get("siem-a").EffectivePort, options.Get("siem-b").EffectivePort).Should().Be((6514, 514));
        (options.Get("siem-a").Payload, options.Get("siem-b").Payload).Should().Be((AuditSyslogPayload.Json, AuditSyslogPayload.Ocsf));
    }

    [Fact]
    public void InvalidName_IsRefusedAtRegistration()
    {
        var builder = new ServiceCollection().AddAuditTrail();

        var add = () => builder.AddSyslogForwarder("siem a/b", options => options.Host = "127.0.0.1");

        add.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("name");
    }

    [Fact]
    public async Task TwoForwarders_OneWithBadOptions_FailTheHostStart_NamingOnlyThatOne()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseSqlite(_directory.Combine("never-opened.db"))
            .AddSyslogForwarder("siem-a", options => options.Host = "siem-a.internal")
            .AddSyslogForwarder("siem-b", options => (options.Host, options.Facility, options.Port) = ("siem-b.internal", 30, 0));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "Syslog forwarder 'siem-b': AuditSyslogOptions.Port is 0; it must be between 1 and 65535, or null for the transport's standard port.",
            "Syslog forwarder 'siem-b': AuditSyslogOptions.Facility is 30; syslog facilities are 0 to 23.");
    }
}
