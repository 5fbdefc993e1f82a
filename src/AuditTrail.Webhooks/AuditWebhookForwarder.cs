using System.Buffers;
using System.Net;
using System.Text.Json;

namespace AuditTrail.Webhooks;

/// <summary>
/// Posts batches of records as one JSON body to the webhook URL, signed (<see cref="AuditWebhookSignature"/>), through
/// an <see cref="HttpClient"/> of the host's factory (registered by <c>AddAuditTrailWebhook</c> with retries on
/// 5xx, 408, 429 and timeouts). Redirects are followed only to the same scheme, host and port. Delivery is at least
/// once: a batch retried after a timeout may arrive twice, so receivers deduplicate by record id.
/// </summary>
public sealed class AuditWebhookForwarder : IAuditConsumer
{
    private readonly Func<HttpClient> _client;
    private readonly AuditWebhookOptions _options;
    private readonly AuditOcsfOptions _ocsf;
    private readonly TimeProvider _time;

    /// <summary>Creates a forwarder over <paramref name="client"/> (one of the host's factory, with its resilience handler).</summary>
    /// <param name="client">The client; its handler must not follow redirects on its own.</param>
    /// <param name="options">Where to post and the signing key; validated.</param>
    /// <param name="ocsf">The OCSF mappings for <see cref="AuditWebhookPayload.Ocsf"/>; <see langword="null"/> for the defaults.</param>
    /// <param name="time">The clock of the signature's timestamp; <see langword="null"/> for the system's.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names every problem by option.</exception>
    public AuditWebhookForwarder(HttpClient client, AuditWebhookOptions options, AuditOcsfOptions? ocsf = null, TimeProvider? time = null)
        : this(AuditWebhookPost.Kept(client), options, ocsf, time)
    {
    }

    /// <summary>
    /// Creates a forwarder that takes a client of the host's factory for each post, as the factory asks of a
    /// long-lived service: a client kept for the forwarder's lifetime would keep its handler past its lifetime, and keep
    /// the factory's cleanup timer, and through it the whole service provider, alive after the host is disposed.
    /// </summary>
    internal AuditWebhookForwarder(Func<HttpClient> client, AuditWebhookOptions options, AuditOcsfOptions? ocsf, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        AuditWebhookOptionsValidation.ThrowIfInvalid(options, nameof(options));

        _client = client;
        _options = options;
        _ocsf = ocsf ?? new AuditOcsfOptions();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Posts the records as one signed batch.</summary>
    /// <param name="records">The records, in order.</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>A task that completes when the receiver answered 2xx.</returns>
    /// <exception cref="HttpRequestException">The receiver refused the batch, redirected it elsewhere, or did not answer (unreachable, or every attempt timed out); the message names the webhook and says which.</exception>
    /// <remarks>
    /// A batch whose body is over <see cref="AuditWebhookOptions.MaxBodyBytes"/>, or that the receiver refuses as too large
    /// (413), is sent in two halves, each signed on its own, down to single records.
    /// </remarks>
    public async Task SendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var body = Body(records);
        if (body.Length > _options.MaxBodyBytes && records.Count > 1)
        {
            await SendInHalvesAsync(records, cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await AuditWebhookPost.SendAsync(_client(), _options, _time, body, "a batch", $"a batch of {records.Count} audit record(s)", cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.RequestEntityTooLarge && records.Count > 1)
        {
            await SendInHalvesAsync(records, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Posts a batch of the feed (the consumer registered by <c>AddWebhookForwarder</c>).</summary>
    /// <param name="batch">Committed records, in sequence order.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the receiver answered 2xx.</returns>
    public Task HandleAsync(IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return SendAsync([.. batch.Select(entry => entry.Record)], cancellationToken);
    }


    /// <summary>Too large for the receiver: each half on its own, in order (a retry of the whole batch may send the first again).</summary>
    private async Task SendInHalvesAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken)
    {
        var half = records.Count / 2;
        await SendAsync([.. records.Take(half)], cancellationToken).ConfigureAwait(false);
        await SendAsync([.. records.Skip(half)], cancellationToken).ConfigureAwait(false);
    }

    private byte[] Body(IReadOnlyList<AuditRecord> records)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 * Math.Max(1, records.Count));
        using (var writer = new Utf8JsonWriter(buffer, AuditJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(_options.Payload == AuditWebhookPayload.Ocsf ? "events" : "records");
            foreach (var record in records)
            {
                if (_options.Payload == AuditWebhookPayload.Ocsf)
                {
                    AuditOcsf.WriteEvent(writer, record, _ocsf);
                }
                else
                {
                    AuditJson.WriteRecord(writer, record);
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
