using System.Net;
using System.Security.Cryptography;
using AuditTrail.Conformance.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Webhooks.Tests;

/// <summary>
/// A receiver that answers at once but asks to be retried later than the resilience handler waits (a 503 or 429 with a
/// long Retry-After) fails the batch naming that answer, not as a receiver that did not answer.
/// </summary>
public sealed class AuditWebhookRetryAfterTests : IAsyncLifetime
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private WebhookReceiver _receiver = null!;
    private ServiceProvider? _services;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _receiver.DisposeAsync();
    }

    [Theory]
    [InlineData(503, "Service Unavailable")]
    [InlineData(429, "Too Many Requests")]
    public async Task SendAsync_RetryAfterBeyondTheTotalTimeout_FailsNamingTheAnswer(int status, string reason)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            _receiver.Then(context =>
            {
                context.Response.StatusCode = status;
                context.Response.Headers.RetryAfter = "120";
                return Task.CompletedTask;
            });
        }

        var send = () => Forwarder().SendAsync(Some.Records(2, Some.Time));

        var failure = (await send.Should().ThrowAsync<HttpRequestException>()).Which;
        failure.Message.Should().StartWith($"The webhook {_receiver.Url()} answered {status} {reason} to a batch of 2 audit record(s), asking to be retried after 00:02:00");
        failure.Message.Should().NotContain("did not answer");
        failure.StatusCode.Should().Be((HttpStatusCode)status);
        failure.Should().BeAssignableTo<IAuditRetryAfter>("the feed consumer waits it out before it sends the batch again")
            .Which.RetryAfter.Should().Be(TimeSpan.FromMinutes(2));
        _receiver.Requests.Should().ContainSingle("the handler gave up waiting for the Retry-After");
    }

    [Fact]
    public async Task SendAsync_RetriesRunOutOnRetryAfterAnswers_FailsAskingTheConsumerToWaitAsLong()
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            _receiver.Then(context =>
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "1";
                return Task.CompletedTask;
            });
        }

        var send = () => Forwarder(retries: 1).SendAsync(Some.Records(1, Some.Time));

        var failure = (await send.Should().ThrowAsync<HttpRequestException>()).Which;
        failure.Message.Should().Be($"The webhook {_receiver.Url()} answered 429 Too Many Requests to a batch of 1 audit record(s), asking to be retried after 00:00:01.");
        failure.Should().BeAssignableTo<IAuditRetryAfter>().Which.RetryAfter.Should().Be(TimeSpan.FromSeconds(1));
        _receiver.Requests.Should().HaveCount(2, "the handler waited the second it was asked for, once");
    }

    [Fact]
    public async Task SendAsync_RefusedWithoutRetryAfter_AsksForNoWait()
    {
        _receiver.ThenStatus(StatusCodes.Status400BadRequest);

        var send = () => Forwarder().SendAsync(Some.Records(1, Some.Time));

        (await send.Should().ThrowAsync<HttpRequestException>()).Which.Should().NotBeAssignableTo<IAuditRetryAfter>();
    }

    [Fact]
    public async Task SendAsync_AnswerThenNoAnswer_FailsAsNotAnswering()
    {
        _receiver.ThenStatus(StatusCodes.Status500InternalServerError);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            _receiver.Then(async context => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        }

        var send = () => Forwarder(attemptTimeout: TimeSpan.FromSeconds(1)).SendAsync(Some.Records(1, Some.Time));

        (await send.Should().ThrowAsync<HttpRequestException>())
            .WithMessage($"The webhook {_receiver.Url()} did not answer a batch of 1 audit record(s): *");
    }

    private AuditWebhookForwarder Forwarder(TimeSpan? attemptTimeout = null, int retries = 3)
    {
        var services = new ServiceCollection();
        services.AddAuditTrailWebhook(
            options =>
            {
                options.Url = _receiver.Url();
                options.SigningKey = Key;
            },
            resilience =>
            {
                resilience.AttemptTimeout.Timeout = attemptTimeout ?? TimeSpan.FromSeconds(2);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(3);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(10);
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(20);
                resilience.Retry.MaxRetryAttempts = retries;
            });
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<AuditWebhookForwarder>();
    }
}
