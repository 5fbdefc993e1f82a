using System.Security.Cryptography;
using System.Text.Json;
using AuditTrail.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Webhooks.Tests;

/// <summary>A receiver that refuses a batch as too large (413) gets it in halves, so a big backlog does not hold the forwarder for ever.</summary>
public sealed class AuditWebhookTooLargeTests : IAsyncLifetime
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

    [Fact]
    public async Task SendAsync_ReceiverAnswers413_SendsTheBatchInSignedHalves_InOrder()
    {
        _receiver.ThenStatus(413);
        var records = Some.Records(4, Some.Time);

        await Forwarder().SendAsync(records);

        var requests = _receiver.Requests.ToList();
        requests.Should().HaveCount(3, "the refused batch, then its two halves");
        requests.Skip(1).SelectMany(request => Ids(request.Body)).Should().Equal(records.Select(record => record.Id), "every record once more, in order");
        requests.Skip(1).Select(request => Ids(request.Body).Count).Should().Equal(2, 2);
        requests.Skip(1).Should().OnlyContain(request => AuditWebhookSignature.Verify(Key, request.Signature, request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task SendAsync_ReceiverAnswers413ToOneRecord_FailsNamingTheAnswer()
    {
        _receiver.ThenStatus(413);

        var send = () => Forwarder().SendAsync(Some.Records(1, Some.Time));

        (await send.Should().ThrowAsync<HttpRequestException>()).WithMessage("*answered 413*to a batch of 1 audit record(s).");
        _receiver.Requests.Should().ContainSingle();
    }

    private static List<Guid> Ids(byte[] body) =>
        [.. JsonDocument.Parse(body).RootElement.GetProperty("records").EnumerateArray().Select(record => record.GetProperty("id").GetGuid())];

    private AuditWebhookForwarder Forwarder()
    {
        var services = new ServiceCollection();
        services.AddAuditTrailWebhook(options =>
        {
            options.Url = _receiver.Url();
            options.SigningKey = Key;
        });
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<AuditWebhookForwarder>();
    }
}
