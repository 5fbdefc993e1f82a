using System.Security.Cryptography;
using AuditTrail.Conformance.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Webhooks.Tests;

/// <summary>
/// The resilience handler's circuit breaker: a receiver that keeps failing opens it for its own URL only, and a post it
/// rejects fails naming the webhook, as any other failure does.
/// </summary>
public sealed class AuditWebhookCircuitBreakerTests : IAsyncLifetime
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private WebhookReceiver _failing = null!;
    private WebhookReceiver _healthy = null!;
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        _failing = await WebhookReceiver.StartAsync();
        _healthy = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _failing.DisposeAsync();
        await _healthy.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_CircuitOpenedByAFailingReceiver_FailsNamingTheWebhook()
    {
        FailEveryPost(_failing);
        var forwarder = Forwarder(_failing.Url());

        for (var send = 0; send < 4; send++)
        {
            var post = () => forwarder.SendAsync(Some.Records(1, Some.Time));

            (await post.Should().ThrowAsync<HttpRequestException>())
                .WithMessage($"The webhook {_failing.Url()} *a batch of 1 audit record(s)*");
        }

        _failing.Requests.Count.Should().BeLessThan(8, "the circuit opened after the first failures and rejected the later posts");
    }

    [Fact]
    public async Task SendAsync_CircuitOpenForOneReceiver_AnotherReceiverStillGetsItsBatches()
    {
        FailEveryPost(_failing);
        var failing = Forwarder(_failing.Url());
        for (var send = 0; send < 4; send++)
        {
            await failing.Invoking(f => f.SendAsync(Some.Records(1, Some.Time))).Should().ThrowAsync<HttpRequestException>();
        }

        var healthy = new AuditWebhookForwarder(
            _services!.GetRequiredService<IHttpClientFactory>().CreateClient(AuditWebhookServiceCollectionExtensions.HttpClientName),
            new AuditWebhookOptions { Url = _healthy.Url(), SigningKey = Key });
        var records = Some.Records(2, Some.Time);

        await healthy.SendAsync(records);

        _healthy.Requests.Should().ContainSingle();
    }

    private static void FailEveryPost(WebhookReceiver receiver)
    {
        for (var answer = 0; answer < 50; answer++)
        {
            receiver.ThenStatus(StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>A forwarder whose client's circuit opens after two failed attempts, for a while longer than the test.</summary>
    private AuditWebhookForwarder Forwarder(Uri url)
    {
        var services = new ServiceCollection();
        services.AddAuditTrailWebhook(
            options =>
            {
                options.Url = url;
                options.SigningKey = Key;
            },
            resilience =>
            {
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(20);
                resilience.Retry.MaxRetryAttempts = 1;
                resilience.CircuitBreaker.MinimumThroughput = 2;
                resilience.CircuitBreaker.FailureRatio = 0.5;
                resilience.CircuitBreaker.BreakDuration = TimeSpan.FromMinutes(1);
            });
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<AuditWebhookForwarder>();
    }
}
