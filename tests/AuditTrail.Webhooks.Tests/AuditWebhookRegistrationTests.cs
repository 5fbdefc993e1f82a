using System.Security.Cryptography;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Webhooks.Tests;

/// <summary>Webhook forwarders registered with and without a name: options of their own, validated one by one, named in each problem.</summary>
public sealed class AuditWebhookRegistrationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void NamedForwarders_EachGetTheirOwnOptions_BesideTheDefaultOne()
    {
        using var services = new ServiceCollection().AddAuditTrail()
            .AddWebhookForwarder(options => (options.Url, options.SigningKey) = (new Uri("https://default.example/hook"), Key))
            .AddWebhookForwarder("customer-a", options => (options.Url, options.SigningKey) = (new Uri("https://a.example/hook"), Key))
            .AddWebhookForwarder("customer-b", options => (options.Url, options.SigningKey, options.Payload) = (new Uri("https://b.example/hook"), Key, AuditWebhookPayload.Ocsf))
            .Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptionsMonitor<AuditWebhookOptions>>();

        options.Get(AuditWebhookServiceCollectionExtensions.DefaultConsumerName).Url!.Host.Should().Be("default.example");
        (options.Get("customer-a").Url!.Host, options.Get("customer-b").Url!.Host).Should().Be(("a.example", "b.example"));
        (options.Get("customer-a").Payload, options.Get("customer-b").Payload).Should().Be((AuditWebhookPayload.Json, AuditWebhookPayload.Ocsf));
    }

    [Fact]
    public void TwoForwarders_OfOneName_AreRefused()
    {
        var builder = new ServiceCollection().AddAuditTrail().AddWebhookForwarder("customer-a", options => options.Url = new Uri("https://a.example/hook"));

        var again = () => builder.AddWebhookForwarder("customer-a", options => options.Url = new Uri("https://b.example/hook"));

        again.Should().Throw<ArgumentException>().WithMessage("A consumer named 'customer-a' is registered already*").Which.ParamName.Should().Be("name");
    }

    [Fact]
    public void TheAlertSinksName_IsRefusedForAForwarder()
    {
        var builder = new ServiceCollection().AddAuditTrail();

        var add = () => builder.AddWebhookForwarder(AuditWebhookServiceCollectionExtensions.AlertsHttpClientName, options => options.Url = new Uri("https://a.example/hook"));

        add.Should().Throw<ArgumentException>().WithMessage("*alert sink*").Which.ParamName.Should().Be("name");
    }

    [Fact]
    public async Task TwoForwarders_OneWithBadOptions_FailTheHostStart_NamingOnlyThatOne()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseSqlite(_directory.Combine("never-opened.db"))
            .AddWebhookForwarder("customer-a", options => (options.Url, options.SigningKey) = (new Uri("https://a.example/hook"), Key))
            .AddWebhookForwarder("customer-b", options => (options.Url, options.SigningKey) = (new Uri("http://b.example/hook"), new byte[8]));
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "Webhook forwarder 'customer-b': AuditWebhookOptions.Url is http://b.example/hook; it must be https (http only to a loopback address).",
            "Webhook forwarder 'customer-b': AuditWebhookOptions.SigningKey has 8 bytes; it must have at least 32 (RandomNumberGenerator.GetBytes(32)).");
    }
}
