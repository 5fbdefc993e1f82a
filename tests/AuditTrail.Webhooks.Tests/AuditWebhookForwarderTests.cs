using System.Security.Cryptography;
using System.Text.Json;
using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Webhooks.Tests;

/// <summary>Batches posted to a real receiver: signed, retried on failures and timeouts, never sent to another host.</summary>
public sealed class AuditWebhookForwarderTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private WebhookReceiver _receiver = null!;
    private readonly List<ServiceProvider> _services = [];

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }

        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task ReceiverFailsThenTimesOutThenAccepts_TheBatchArrives_SignedTheSameEveryTime()
    {
        _receiver.ThenStatus(500);
        _receiver.Then(async context => await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted));
        var records = Some.Records(3, Some.Time);

        await Forwarder(attemptTimeout: TimeSpan.FromSeconds(1)).SendAsync(records);

        var requests = _receiver.Requests.ToList();
        requests.Should().HaveCount(3, "a 500, a timeout, then the accepted post");
        requests.Should().OnlyContain(request => request.Body.SequenceEqual(requests[0].Body) && request.Signature == requests[0].Signature);
        AuditWebhookSignature.Verify(Key, requests[2].Signature, requests[2].Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)).Should().BeTrue();
        var posted = JsonDocument.Parse(requests[2].Body).RootElement.GetProperty("records");
        posted.EnumerateArray().Select(record => record.GetProperty("id").GetGuid()).Should().Equal(records.Select(record => record.Id));
    }

    [Fact]
    public async Task ReceiverRefusesTheBatch_TheSendFailsNamingTheAnswer_WithoutRetrying()
    {
        _receiver.ThenStatus(400);

        var send = () => Forwarder().SendAsync(Some.Records(1, Some.Time));

        (await send.Should().ThrowAsync<HttpRequestException>()).WithMessage($"The webhook {_receiver.Url()} answered 400 Bad Request to a batch of 1 audit record(s).");
        _receiver.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task ReceiverNeverAnswers_TheSendFailsNamingTheWebhook_AndTheTimeout()
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            _receiver.Then(async context => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
        }

        var send = () => Forwarder(attemptTimeout: TimeSpan.FromSeconds(1)).SendAsync(Some.Records(1, Some.Time));

        (await send.Should().ThrowAsync<HttpRequestException>())
            .WithMessage($"The webhook {_receiver.Url()} did not answer a batch of 1 audit record(s): *timeout of '00:00:01'*");
        _receiver.Requests.Should().HaveCount(4, "the first attempt and the resilience handler's 3 retries");
    }

    [Fact]
    public async Task ReceiverAnswers200_ThenSendsItsBodySlowly_TheBatchCountsAtTheAnswer_AndIsNotPostedAgain()
    {
        var answered = new TaskCompletionSource();
        _receiver.Then(async context =>
        {
            // The status line and headers go out at once; the body (the forwarder never reads it) never ends.
            context.Response.StatusCode = StatusCodes.Status200OK;
            await context.Response.WriteAsync("{\"accepted\":", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            answered.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        });

        var services = new ServiceCollection();

        // HttpClient.Timeout also covers reading a body: it ends the wait for one that never ends.
        services.AddAuditTrailWebhook(options => (options.Url, options.SigningKey) = (_receiver.Url(), Key))
            .ConfigureHttpClient(client => client.Timeout = TimeSpan.FromSeconds(5));
        var provider = services.BuildServiceProvider();
        _services.Add(provider);

        await provider.GetRequiredService<AuditWebhookForwarder>().SendAsync(Some.Records(1, Some.Time));

        answered.Task.IsCompleted.Should().BeTrue();
        _receiver.Requests.Should().ContainSingle("the receiver answered 200 to the first post");
    }

    [Fact]
    public async Task ReceiverNotListening_TheSendFailsNamingTheWebhook()
    {
        var url = _receiver.Url();
        await _receiver.DisposeAsync();
        _receiver = await WebhookReceiver.StartAsync();

        var send = () => Forwarder(url: url).SendAsync(Some.Records(1, Some.Time));

        (await send.Should().ThrowAsync<HttpRequestException>()).WithMessage($"The webhook {url} did not answer a batch of 1 audit record(s): *");
    }

    [Fact]
    public async Task RedirectToTheSameHost_IsFollowed_ButToAnotherHost_Never()
    {
        _receiver.ThenStatus(307, "/hooks/moved");
        await Forwarder().SendAsync(Some.Records(1, Some.Time));
        _receiver.Requests.Select(request => request.Path).Should().Equal("/hooks/audit", "/hooks/moved");

        _receiver.ThenStatus(307, "http://localhost.invalid:1/steal");
        var send = () => Forwarder().SendAsync(Some.Records(1, Some.Time));

        (await send.Should().ThrowAsync<HttpRequestException>()).WithMessage("*redirected to http://localhost.invalid:1/steal, another host*");
        _receiver.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task RedirectToAnotherSchemeOrPort_OfTheSameHost_IsNeverFollowed_AndTheMessageSaysWhatDiffers()
    {
        var url = _receiver.Url();
        var https = new UriBuilder(url) { Scheme = Uri.UriSchemeHttps }.Uri;
        var port = new UriBuilder(url) { Port = 1 }.Uri;
        _receiver.ThenStatus(307, https.ToString());
        _receiver.ThenStatus(307, port.ToString());

        var toHttps = () => Forwarder().SendAsync(Some.Records(1, Some.Time));
        var toPort = () => Forwarder().SendAsync(Some.Records(1, Some.Time));

        (await toHttps.Should().ThrowAsync<HttpRequestException>()).WithMessage($"The webhook {url} redirected to {https}, another scheme; a batch is never sent elsewhere.");
        (await toPort.Should().ThrowAsync<HttpRequestException>()).WithMessage($"The webhook {url} redirected to {port}, another port; a batch is never sent elsewhere.");
        _receiver.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task OcsfPayload_PostsEvents()
    {
        await Forwarder(AuditWebhookPayload.Ocsf).SendAsync(Some.Records(2, Some.Time));

        var events = JsonDocument.Parse(_receiver.Requests.Single().Body).RootElement.GetProperty("events");
        events.GetArrayLength().Should().Be(2);
        events[0].GetProperty("metadata").GetProperty("version").GetString().Should().Be(AuditOcsf.SchemaVersion);
    }

    [Fact]
    public void Signature_FailsForAnotherBody_AnotherKey_OrAnOldTimestamp()
    {
        var body = "{\"records\":[]}"u8.ToArray();
        var sent = DateTimeOffset.UtcNow;
        var header = AuditWebhookSignature.Create(Key, sent, body);

        AuditWebhookSignature.Verify(Key, header, body, sent.AddMinutes(1), TimeSpan.FromMinutes(5)).Should().BeTrue();
        AuditWebhookSignature.Verify(Key, header, "{\"records\":[1]}"u8, sent, TimeSpan.FromMinutes(5)).Should().BeFalse();
        AuditWebhookSignature.Verify(RandomNumberGenerator.GetBytes(32), header, body, sent, TimeSpan.FromMinutes(5)).Should().BeFalse();
        AuditWebhookSignature.Verify(Key, header, body, sent.AddMinutes(6), TimeSpan.FromMinutes(5)).Should().BeFalse();
        AuditWebhookSignature.Verify(Key, "t=1,v1=zz", body, sent, TimeSpan.FromMinutes(5)).Should().BeFalse();
    }

    [Fact]
    public async Task BadOptions_FailTheHostStart_NamingEachOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrailWebhook(options =>
        {
            options.Url = new Uri("http://example.com/hook");
            options.SigningKey = new byte[8];
            options.MaxRedirects = 11;
            options.MaxBodyBytes = 1000;
        });
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "AuditWebhookOptions.Url is http://example.com/hook; it must be https (http only to a loopback address).",
            "AuditWebhookOptions.SigningKey has 8 bytes; it must have at least 32 (RandomNumberGenerator.GetBytes(32)).",
            "AuditWebhookOptions.MaxRedirects is 11; it must be between 0 and 10.",
            "AuditWebhookOptions.MaxBodyBytes is 1000; it must be between 1024 (1 KiB) and 104857600 (100 MiB).");
    }

    [Theory]
    [InlineData("http://user:S3cretPassw0rd@example.com/x", true)]
    [InlineData("https://user:S3cretPassw0rd@example.com/x", false)]
    [InlineData("https://S3cretPassw0rd@example.com/x", false)]
    public async Task UrlWithCredentials_FailsTheHostStart_WithoutShowingThem(string url, bool alsoHttp)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrailWebhook(options =>
        {
            options.Url = new Uri(url);
            options.SigningKey = new byte[32];
        });
        using var host = builder.Build();

        var start = () => host.StartAsync();

        var error = (await start.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Message.Should().NotContain("S3cretPassw0rd").And.NotContain("user:");
        var expected = new List<string>
        {
            $"AuditWebhookOptions.Url {(alsoHttp ? "http" : "https")}://example.com/x carries a user name or password (not shown); remove them from the URL, " +
            "where they would end up in logs. The receiver authenticates each batch by its AuditTrail-Signature header, signed with the secret in AuditWebhookOptions.SigningKey.",
        };
        if (alsoHttp)
        {
            expected.Add("AuditWebhookOptions.Url is http://example.com/x; it must be https (http only to a loopback address).");
        }

        error.Failures.Should().BeEquivalentTo(expected);
    }

    [Fact]
    public async Task AsAFeedConsumer_EveryLoggedEventIsPosted_InCommitOrder_ThoughTheReceiverFailsAtFirst()
    {
        _receiver.ThenStatus(503);
        _receiver.ThenStatus(503);
        var database = Path.Combine(_directory.Path, "audittrail-webhook-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(options => options.RecordLifecycleEvents = false)
            .UseSqlite(database)
            .AddWebhookForwarder(
                options =>
                {
                    options.Url = _receiver.Url();
                    options.SigningKey = Key;
                },
                consumer => consumer.PollInterval = TimeSpan.FromMilliseconds(100));
        var logged = new List<Guid>();
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var logger = host.Services.GetRequiredService<IAuditLogger>();
            for (var i = 0; i < 25; i++)
            {
                logged.Add(await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-" + i, null) }));
            }

            await Poll.UntilAsync(() => Posted().Distinct().Count() >= logged.Count, "every logged record was posted", TimeSpan.FromSeconds(20));
            await host.StopAsync();
        }

        Posted().Distinct().Should().Equal(logged, "every record, in commit order (a retried batch may come twice)");
        DeleteDatabase(database);
    }

    [Fact]
    public async Task TwoForwarders_EachPostsEveryRecord_ToItsOwnUrl_SignedWithItsOwnKey()
    {
        var otherKey = RandomNumberGenerator.GetBytes(32);
        var database = Path.Combine(_directory.Path, "audittrail-webhook-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(options => options.RecordLifecycleEvents = false)
            .UseSqlite(database)
            .AddWebhookForwarder("customer-a", options => (options.Url, options.SigningKey) = (_receiver.Url("/hooks/a"), Key), Fast)
            .AddWebhookForwarder("customer-b", options => (options.Url, options.SigningKey) = (_receiver.Url("/hooks/b"), otherKey), Fast);
        var logged = new List<Guid>();
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var logger = host.Services.GetRequiredService<IAuditLogger>();
            for (var i = 0; i < 10; i++)
            {
                logged.Add(await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-" + i, null) }));
            }

            var checkpoints = (IAuditConsumerCheckpoints)host.Services.GetRequiredService<IAuditStore>();
            await Poll.UntilAsync(() => checkpoints.GetCheckpointsAsync().Result is { Count: 2 } all && all.All(c => c.Position == 10), "both forwarders save their position");
            await host.StopAsync();
        }

        Posted("/hooks/a").Should().Equal(logged, "the first forwarder posts every record once, in commit order");
        Posted("/hooks/b").Should().Equal(logged, "so does the second");
        foreach (var (path, signature, body) in _receiver.Requests)
        {
            var key = path == "/hooks/a" ? Key : otherKey;
            AuditWebhookSignature.Verify(key, signature!, body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)).Should().BeTrue($"a post to {path} is signed with its forwarder's key");
        }

        DeleteDatabase(database);
    }

    private static void Fast(AuditConsumerOptions consumer) => consumer.PollInterval = TimeSpan.FromMilliseconds(100);

    private static void DeleteDatabase(string database)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }
    }

    private IEnumerable<Guid> Posted(string? path = null) => _receiver.Requests.ToList()
        .Where(request => path is null || request.Path == path)
        .Where(request => request.Body.Length > 0 && JsonDocument.Parse(request.Body).RootElement.TryGetProperty("records", out _))
        .SelectMany(request => JsonDocument.Parse(request.Body).RootElement.GetProperty("records").EnumerateArray())
        .Select(record => record.GetProperty("id").GetGuid());

    /// <summary>
    /// A forwarder over the registered client; <paramref name="attemptTimeout"/> short only where a test times an attempt
    /// out on purpose, so that a slow first request on a busy machine is not retried where the test expects one answer.
    /// </summary>
    private AuditWebhookForwarder Forwarder(AuditWebhookPayload payload = AuditWebhookPayload.Json, TimeSpan? attemptTimeout = null, Uri? url = null)
    {
        var services = new ServiceCollection();
        services.AddAuditTrailWebhook(
            options =>
            {
                options.Url = url ?? _receiver.Url();
                options.SigningKey = Key;
                options.Payload = payload;
            },
            resilience =>
            {
                resilience.AttemptTimeout.Timeout = attemptTimeout ?? TimeSpan.FromSeconds(10);
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(20);
                resilience.Retry.MaxRetryAttempts = 3;
            });
        var provider = services.BuildServiceProvider();
        _services.Add(provider);
        return provider.GetRequiredService<AuditWebhookForwarder>();
    }
}
