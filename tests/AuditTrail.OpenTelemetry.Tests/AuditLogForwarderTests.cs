using System.Collections.Concurrent;
using System.Text;
using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;

namespace AuditTrail.OpenTelemetry.Tests;

/// <summary>Records as OpenTelemetry log records through the SDK: attributes after the semantic conventions, shipped by the host's exporters.</summary>
public sealed class AuditLogForwarderTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task EachRecord_IsOneLogRecord_WithSemanticConventionAttributes()
    {
        var exported = new List<LogRecord>();
        using var loggers = LoggerFactory.Create(logging => logging.AddOpenTelemetry(otel => otel.AddInMemoryExporter(exported)));
        var forwarder = new AuditLogForwarder(loggers);
        var failed = Some.FullRecord() with { Outcome = AuditOutcome.Failure, FailureReason = "denied" };
        var plain = Some.Record();

        await forwarder.HandleAsync([new AuditFeedEntry(41, failed), new AuditFeedEntry(42, plain)]);

        exported.Should().HaveCount(2);
        var first = exported[0];
        first.CategoryName.Should().Be(AuditLogForwarder.Category);
        first.LogLevel.Should().Be(LogLevel.Warning, "a failed outcome");
        first.EventId.Name.Should().Be(failed.Action);
        first.FormattedMessage.Should().Be(failed.Description, "the body is the description");
        var attributes = first.Attributes!.ToDictionary(pair => pair.Key, pair => pair.Value);
        attributes[AuditLogAttributes.EventName].Should().Be(failed.Action);
        attributes[AuditLogAttributes.UserId].Should().Be(failed.Actor.Id);
        attributes[AuditLogAttributes.UserName].Should().Be(failed.Actor.DisplayName);
        attributes[AuditLogAttributes.ClientAddress].Should().Be(failed.SourceIp);
        attributes[AuditLogAttributes.UserAgent].Should().Be(failed.UserAgent);
        attributes[AuditLogAttributes.Id].Should().Be(failed.Id.ToString());
        attributes[AuditLogAttributes.Sequence].Should().Be(41L);
        attributes[AuditLogAttributes.Outcome].Should().Be("Failure");
        attributes[AuditLogAttributes.FailureReason].Should().Be("denied");
        attributes[AuditLogAttributes.TargetUserId].Should().Be(failed.TargetUser!.Id);
        attributes[AuditLogAttributes.TenantId].Should().Be(failed.TenantId);
        exported[1].LogLevel.Should().Be(LogLevel.Information);
        exported[1].Attributes!.Select(pair => pair.Key).Should().NotContain(AuditLogAttributes.TargetUserId, "absent values are left out");
    }

    [Fact]
    public async Task AsAFeedConsumer_EveryLoggedEvent_ReachesAnOtlpHttpEndpoint()
    {
        var bodies = new ConcurrentQueue<byte[]>();
        var receiverBuilder = WebApplication.CreateSlimBuilder();
        receiverBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        receiverBuilder.Logging.ClearProviders();
        await using var receiver = receiverBuilder.Build();
        receiver.MapPost("/v1/logs", async (Microsoft.AspNetCore.Http.HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            bodies.Enqueue(body.ToArray());
            return Microsoft.AspNetCore.Http.Results.Ok();
        });
        await receiver.StartAsync();
        var endpoint = new Uri(receiver.Urls.Single().TrimEnd('/') + "/v1/logs");

        var database = Path.Combine(_directory.Path, "audittrail-otel-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddOpenTelemetry().WithLogging(logging => logging.AddOtlpExporter(otlp =>
        {
            otlp.Endpoint = endpoint;
            otlp.Protocol = OtlpExportProtocol.HttpProtobuf;
        }));
        builder.Services.AddAuditTrail(options => options.RecordLifecycleEvents = false)
            .UseSqlite(database)
            .AddOpenTelemetryLogForwarder(consumer => consumer.PollInterval = TimeSpan.FromMilliseconds(100));
        var logged = new List<Guid>();
        using (var host = builder.Build())
        {
            await host.StartAsync();
            var logger = host.Services.GetRequiredService<IAuditLogger>();
            for (var i = 0; i < 5; i++)
            {
                logged.Add(await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-" + i, "User " + i) }));
            }

            var otel = host.Services.GetRequiredService<LoggerProvider>();
            await Poll.UntilAsync(
                () => otel.ForceFlush(1000) && logged.All(id => Received(bodies).Contains(id.ToString(), StringComparison.Ordinal)),
                "every logged record reached the OTLP endpoint",
                TimeSpan.FromSeconds(20));
            await host.StopAsync();
        }

        var received = Received(bodies);
        logged.Should().OnlyContain(id => received.Contains(id.ToString(), StringComparison.Ordinal), "every record reached the OTLP endpoint");
        received.Should().Contain(AuditLogAttributes.UserId).And.Contain("server.updated").And.Contain(AuditLogForwarder.Category);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database)!, Path.GetFileName(database) + "*"))
        {
            File.Delete(file);
        }
    }

    /// <summary>The protobuf bodies as text: the strings they carry (ids, attribute names and values) are UTF-8 inside.</summary>
    private static string Received(ConcurrentQueue<byte[]> bodies) => string.Join("\n", bodies.Select(Encoding.UTF8.GetString));
}
