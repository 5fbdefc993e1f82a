using System.Security.Cryptography;
using System.Text.Json;
using AuditTrail.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Webhooks.Tests;

/// <summary>
/// A batch over <see cref="AuditWebhookOptions.MaxBodyBytes"/>, or one the receiver refuses as too large (413), goes in
/// halves, so a big backlog does not hold the forwarder for ever.
/// </summary>
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

    [Fact]
    public async Task SendAsync_BatchOverMaxBodyBytes_GoesInSignedHalvesWithinTheLimit_InOrder()
    {
        var records = Some.Records(40, Some.Time).Select(record => record with { Description = new string('x', 1500) }).ToArray();

        await Forwarder(maxBodyBytes: 16 * 1024).SendAsync(records);

        var requests = _receiver.Requests.ToList();
        requests.Should().HaveCountGreaterThan(4).And.OnlyContain(request => request.Body.Length <= 16 * 1024, "no body over the limit is posted");
        requests.SelectMany(request => Ids(request.Body)).Should().Equal(records.Select(record => record.Id), "every record once, in order");
        requests.Should().OnlyContain(request => AuditWebhookSignature.Verify(Key, request.Signature, request.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task SendAsync_OneRecordOverMaxBodyBytes_IsPostedAlone()
    {
        var records = Some.Records(2, Some.Time);
        records[1] = records[1] with { Description = new string('x', 3000) };

        await Forwarder(maxBodyBytes: 2048).SendAsync(records);

        _receiver.Requests.Select(request => Ids(request.Body)).Should().BeEquivalentTo(
            [new[] { records[0].Id }, new[] { records[1].Id }], options => options.WithStrictOrdering());
    }

    private static List<Guid> Ids(byte[] body) =>
        [.. JsonDocument.Parse(body).RootElement.GetProperty("records").EnumerateArray().Select(record => record.GetProperty("id").GetGuid())];

    private AuditWebhookForwarder Forwarder(int maxBodyBytes = AuditWebhookOptions.DefaultMaxBodyBytes)
    {
        var services = new ServiceCollection();
        services.AddAuditTrailWebhook(options =>
        {
            options.Url = _receiver.Url();
            options.SigningKey = Key;
            options.MaxBodyBytes = maxBodyBytes;
        });
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<AuditWebhookForwarder>();
    }
}
