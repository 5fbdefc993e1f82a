using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Webhooks.Tests;

/// <summary>
/// The forwarder and the alert sink take a client of the host's factory for each post, so the factory's handlers are
/// rotated after their lifetime, and a disposed host's services are collected once its handlers expire.
/// </summary>
public sealed class AuditWebhookHandlerLifetimeTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly TimeSpan HandlerLifetime = TimeSpan.FromSeconds(1); // the factory's least

    private WebhookReceiver _receiver = null!;
    private readonly List<string> _databases = [];

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in _databases.SelectMany(database => Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*")))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AsAFeedConsumer_AfterTheHandlerLifetime_PostsThroughANewHandler()
    {
        var handlers = new HandlerCount();
        using var host = Host(handlers);
        await host.StartAsync();
        var logger = host.Services.GetRequiredService<IAuditLogger>();

        await Poll.UntilAsync(() => handlers.Built >= 1 && !_receiver.Requests.IsEmpty, "the first batch was posted", TimeSpan.FromSeconds(20));
        await Poll.UntilAsync(
            () =>
            {
                logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-1", null) }).GetAwaiter().GetResult();
                return handlers.Built >= 2;
            },
            "a batch posted after the handler's lifetime went through a new handler",
            TimeSpan.FromSeconds(20));

        await host.StopAsync();
    }

    [Fact]
    public async Task AlertSink_AfterTheHandlerLifetime_PostsThroughANewHandler()
    {
        var handlers = new HandlerCount();
        var services = new ServiceCollection();
        services.AddLogging().AddAuditTrail().UseSqlite(":memory:").AddWebhookAlertSink(options => (options.Url, options.SigningKey) = (_receiver.Url("/hooks/alerts"), Key));
        services.AddHttpClient(AuditWebhookServiceCollectionExtensions.AlertsHttpClientName).SetHandlerLifetime(HandlerLifetime).AddHttpMessageHandler(handlers.Create);
        await using var provider = services.BuildServiceProvider();
        var sink = provider.GetServices<IAuditAlertSink>().OfType<AuditWebhookAlertSink>().Single();
        var finding = new AuditFinding { Id = "brute_force:sarah:1", Detector = AuditDetectors.BruteForce, Severity = AuditFindingSeverity.High, Summary = "s", EvidenceIds = [], Start = DateTimeOffset.UtcNow, End = DateTimeOffset.UtcNow };

        await sink.AlertAsync(finding);
        await Poll.UntilAsync(
            () =>
            {
                sink.AlertAsync(finding).GetAwaiter().GetResult();
                return handlers.Built >= 2;
            },
            "a finding posted after the handler's lifetime went through a new handler",
            TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task HostDisposed_AfterTheForwarderPosted_ItsServicesAreCollected_OnceTheHandlerExpires()
    {
        var services = await RunAndDisposeAsync();

        await Poll.UntilAsync(
            () =>
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                return !services.IsAlive;
            },
            "the disposed host's service provider was collected (the factory's cleanup runs every 10 s)",
            TimeSpan.FromSeconds(45));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private async Task<WeakReference> RunAndDisposeAsync()
    {
        using var host = Host(new HandlerCount());
        await host.StartAsync();
        await Poll.UntilAsync(() => !_receiver.Requests.IsEmpty, "the first batch was posted", TimeSpan.FromSeconds(20));
        await host.StopAsync();
        return new WeakReference(host.Services);
    }

    private IHost Host(HandlerCount handlers)
    {
        var database = Path.Combine(_directory.Path, "audittrail-webhook-lifetime-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        _databases.Add(database);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail()
            .UseSqlite(database)
            .AddWebhookForwarder(options => (options.Url, options.SigningKey) = (_receiver.Url(), Key), consumer => consumer.PollInterval = TimeSpan.FromMilliseconds(20));
        builder.Services.AddHttpClient(AuditWebhookServiceCollectionExtensions.HttpClientName).SetHandlerLifetime(HandlerLifetime).AddHttpMessageHandler(handlers.Create);
        return builder.Build();
    }

    /// <summary>Counts the handler chains the factory builds: one per handler lifetime in which a client was created.</summary>
    private sealed class HandlerCount
    {
        private int _built;

        public int Built => Volatile.Read(ref _built);

        public DelegatingHandler Create()
        {
            Interlocked.Increment(ref _built);
            return new PassThrough();
        }

        private sealed class PassThrough : DelegatingHandler;
    }
}
