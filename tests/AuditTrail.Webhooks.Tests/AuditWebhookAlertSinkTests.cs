using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using AuditTrail.Conformance.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail.Webhooks.Tests;

/// <summary>Findings posted to a real receiver: signed like the record batches, retried, never sent to another host.</summary>
public sealed class AuditWebhookAlertSinkTests : IAsyncLifetime
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    private static readonly AuditFinding Finding = new()
    {
        Id = "brute_force:sarah:0193a000",
        Detector = AuditDetectors.SuccessAfterFailures,
        Severity = AuditFindingSeverity.Critical,
        ActorId = "sarah",
        SourceIp = "203.0.113.7",
        Start = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1)),
        End = new DateTimeOffset(2026, 11, 24, 9, 4, 0, TimeSpan.Zero),
        Summary = "12 failed logins for 'sarah' from 203.0.113.7 in 4 minutes, then a success",
        EvidenceIds = [Guid.Parse("0193a000-0000-7000-8000-000000000001"), Guid.Parse("0193a000-0000-7000-8000-000000000002")],
    };

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
    public async Task AlertAsync_PostsTheFindingSigned_InTheShapeOfTheReviewApi()
    {
        await Sink().AlertAsync(Finding);

        var request = _receiver.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/hooks/alerts");
        AuditWebhookSignature.Verify(Key, request.Signature, request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)).Should().BeTrue();
        var posted = JsonDocument.Parse(request.Body).RootElement.GetProperty("finding");
        posted.GetProperty("id").GetString().Should().Be(Finding.Id);
        posted.GetProperty("detector").GetString().Should().Be("success_after_failures");
        posted.GetProperty("severity").GetString().Should().Be("Critical");
        posted.GetProperty("actorId").GetString().Should().Be("sarah");
        posted.GetProperty("sourceIp").GetString().Should().Be("203.0.113.7");
        posted.GetProperty("tenantId").ValueKind.Should().Be(JsonValueKind.Null);
        posted.GetProperty("start").GetString().Should().Be("2026-11-24T09:00:00+00:00");
        posted.GetProperty("end").GetDateTimeOffset().Should().Be(Finding.End);
        posted.GetProperty("summary").GetString().Should().Be(Finding.Summary);
        posted.GetProperty("evidenceIds").EnumerateArray().Select(id => id.GetGuid()).Should().Equal(Finding.EvidenceIds);
    }

    [Fact]
    public async Task ReceiverFailsThenAccepts_TheFindingArrives_WithTheSameBodyAndSignature()
    {
        _receiver.ThenStatus(503);

        await Sink().AlertAsync(Finding);

        var requests = _receiver.Requests.ToList();
        requests.Should().HaveCount(2);
        requests[1].Body.Should().Equal(requests[0].Body);
        requests[1].Signature.Should().Be(requests[0].Signature);
    }

    [Fact]
    public async Task ReceiverRefuses_TheAlertThrowsNamingTheFinding_SoItComesAgainLater()
    {
        _receiver.ThenStatus(400);

        var alert = () => Sink().AlertAsync(Finding);

        (await alert.Should().ThrowAsync<HttpRequestException>())
            .WithMessage($"The webhook {_receiver.Url("/hooks/alerts")} answered 400 Bad Request to the finding {Finding.Id} (success_after_failures).");
        _receiver.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task RedirectToAnotherHost_IsNeverFollowed()
    {
        _receiver.ThenStatus(307, "http://localhost.invalid:1/steal");

        var alert = () => Sink().AlertAsync(Finding);

        (await alert.Should().ThrowAsync<HttpRequestException>()).WithMessage("*redirected to http://localhost.invalid:1/steal, another host; a finding is never sent elsewhere.");
        _receiver.Requests.Should().ContainSingle();
    }

    [Fact]
    public void AddWebhookAlertSink_BesideTheForwarder_EachPostsToItsOwnUrl()
    {
        var services = new ServiceCollection();
        services.AddAuditTrail().UseSqlite(":memory:")
            .AddWebhookForwarder(options =>
            {
                options.Url = _receiver.Url("/hooks/records");
                options.SigningKey = Key;
            })
            .AddWebhookAlertSink(options =>
            {
                options.Url = _receiver.Url("/hooks/alerts");
                options.SigningKey = Key;
            });
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IAuditAlertSink>().OfType<AuditWebhookAlertSink>().Should().ContainSingle();
        var options = provider.GetRequiredService<IOptionsMonitor<AuditWebhookOptions>>();
        options.Get(AuditWebhookServiceCollectionExtensions.AlertsHttpClientName).Url.Should().Be(_receiver.Url("/hooks/alerts"));
        options.Get("webhook").Url.Should().Be(_receiver.Url("/hooks/records"));
    }

    [Fact]
    public void AddWebhookAlertSink_WithoutAddReviewAlerts_RegistersTheContinuousReviewThatFeedsIt()
    {
        var services = new ServiceCollection();
        services.AddLogging().AddAuditTrail().UseSqlite(":memory:").AddWebhookAlertSink(options =>
        {
            options.Url = _receiver.Url("/hooks/alerts");
            options.SigningKey = Key;
        });
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IAuditAlertSink>().Select(s => s.GetType().Name).Should()
            .BeEquivalentTo(["AuditLoggingAlertSink", nameof(AuditWebhookAlertSink)], "the sink is fed by the continuous review, which logs too");
        services.Should().Contain(d => d.ServiceType == typeof(IAuditReview));
    }

    [Fact]
    public async Task BadOptions_FailTheHostStart_NamingEachOptionOnce()
    {
        var directory = Directory.CreateTempSubdirectory("audittrail-alerts-");
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseSqlite(Path.Combine(directory.FullName, "audit.db")).AddWebhookAlertSink(options => options.Url = new Uri("http://example.com/alerts"));
        builder.Services.AddAuditTrailWebhook(options =>
        {
            options.Url = _receiver.Url();
            options.SigningKey = Key;
        });
        using var host = builder.Build();

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "Webhook alert sink: AuditWebhookOptions.Url is http://example.com/alerts; it must be https (http only to a loopback address).",
            "Webhook alert sink: AuditWebhookOptions.SigningKey has 0 bytes; it must have at least 32 (RandomNumberGenerator.GetBytes(32)).");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Delete(recursive: true);
    }

    [Fact]
    public void Constructor_UrlWithCredentials_IsRefused_WithoutShowingThem()
    {
        using var client = new HttpClient();

        var create = () => new AuditWebhookAlertSink(client, new AuditWebhookOptions { Url = new Uri("https://ops:S3cretPassw0rd@example.com/alerts"), SigningKey = Key });

        create.Should().Throw<ArgumentException>().WithParameterName("options").Which.Message.Should()
            .Contain("AuditWebhookOptions.Url https://example.com/alerts carries a user name or password (not shown)")
            .And.NotContain("S3cretPassw0rd").And.NotContain("ops:");
    }

    [Fact]
    public async Task WithTheContinuousReview_ABruteForceIsPostedOnce_ThoughTheBurstGoesOn()
    {
        var directory = Directory.CreateTempSubdirectory("audittrail-alerts-");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAuditTrail(options => options.RecordLifecycleEvents = false)
            .UseSqlite(Path.Combine(directory.FullName, "audit.db"))
            .AddReviewAlerts(consumer => consumer.PollInterval = TimeSpan.FromMilliseconds(100))
            .AddWebhookAlertSink(options =>
            {
                options.Url = _receiver.Url("/hooks/alerts");
                options.SigningKey = Key;
            });
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var logger = host.Services.GetRequiredService<IAuditLogger>();
            var start = DateTimeOffset.UtcNow.AddMinutes(-5);
            for (var i = 0; i < 14; i++)
            {
                await logger.LogAsync(new AuditEvent
                {
                    Action = AuditActions.LoginFailed,
                    ActionType = AuditActionType.Authentication,
                    Actor = AuditActor.Anonymous,
                    Outcome = AuditOutcome.Failure,
                    FailureReason = "invalid password",
                    Resource = new AuditResource("user", null, "sarah"),
                    Metadata = new Dictionary<string, string> { ["attempted_user"] = "sarah" },
                    OccurredAt = start.AddSeconds(10 * i),
                    SourceIp = "203.0.113.7",
                });
            }

            await Poll.UntilAsync(() => !_receiver.Requests.IsEmpty, "the finding was posted", TimeSpan.FromSeconds(20));
            await host.StopAsync();
        }

        var posted = _receiver.Requests.Select(request => JsonDocument.Parse(request.Body).RootElement.GetProperty("finding")).ToList();
        posted.Select(finding => finding.GetProperty("id").GetString()).Distinct().Should().ContainSingle("one episode, one alert");
        posted[0].GetProperty("detector").GetString().Should().Be(AuditDetectors.BruteForce);
        AuditWebhookSignature.Verify(Key, _receiver.Requests.First().Signature, _receiver.Requests.First().Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)).Should().BeTrue();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        directory.Delete(recursive: true);
    }

    private AuditWebhookAlertSink Sink()
    {
        var services = new ServiceCollection();
        services.AddAuditTrail().UseSqlite(":memory:").AddWebhookAlertSink(
            options =>
            {
                options.Url = _receiver.Url("/hooks/alerts");
                options.SigningKey = Key;
            },
            resilience =>
            {
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(20);
                resilience.Retry.MaxRetryAttempts = 3;
            });
        var provider = services.BuildServiceProvider();
        _services.Add(provider);
        return provider.GetServices<IAuditAlertSink>().OfType<AuditWebhookAlertSink>().Single();
    }
}
