using System.Buffers;
using System.Text.Json;

namespace AuditTrail.Webhooks;

/// <summary>
/// Posts each new finding of the continuous review (<see cref="IAuditAlertSink"/>) to a webhook as one signed JSON body,
/// <c>{"finding":{…}}</c>, through the same signed post as <see cref="AuditWebhookForwarder"/> (registered by
/// <c>AddWebhookAlertSink</c> with the standard resilience handler). A refused post throws, so the review hands the
/// finding over again after a backoff; receivers deduplicate by the finding's <c>id</c>.
/// </summary>
public sealed class AuditWebhookAlertSink : IAuditAlertSink
{
    private readonly Func<HttpClient> _client;
    private readonly AuditWebhookOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a sink over <paramref name="client"/> (one of the host's factory, with its resilience handler).</summary>
    /// <param name="client">The client; its handler must not follow redirects on its own.</param>
    /// <param name="options">Where to post and the signing key (<see cref="AuditWebhookOptions.Payload"/> does not apply); validated.</param>
    /// <param name="time">The clock of the signature's timestamp; <see langword="null"/> for the system's.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names every problem by option.</exception>
    public AuditWebhookAlertSink(HttpClient client, AuditWebhookOptions options, TimeProvider? time = null)
        : this(AuditWebhookPost.Kept(client), options, time)
    {
    }

    /// <summary>Creates a sink that takes a client of the host's factory for each post (see the forwarder's such constructor).</summary>
    internal AuditWebhookAlertSink(Func<HttpClient> client, AuditWebhookOptions options, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        AuditWebhookOptionsValidation.ThrowIfInvalid(options, nameof(options));

        _client = client;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Posts <paramref name="finding"/>.</summary>
    /// <param name="finding">The finding.</param>
    /// <param name="cancellationToken">Cancels the post.</param>
    /// <returns>A task that completes when the receiver answered 2xx.</returns>
    /// <exception cref="HttpRequestException">The receiver refused the finding, redirected it elsewhere, or did not answer (unreachable, or every attempt timed out); the message names the webhook and says which.</exception>
    public Task AlertAsync(AuditFinding finding, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return AuditWebhookPost.SendAsync(_client(), _options, _time, Body(finding), "a finding", $"the finding {finding.Id} ({finding.Detector})", cancellationToken);
    }


    /// <summary>The finding in the shape of <c>api/review</c>'s findings (camelCase, times in ISO 8601 UTC, every property present).</summary>
    internal static byte[] Body(AuditFinding finding)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + (40 * finding.EvidenceIds.Count));
        using (var writer = new Utf8JsonWriter(buffer, AuditJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("finding");
            writer.WriteString("id", finding.Id);
            writer.WriteString("detector", finding.Detector);
            writer.WriteString("severity", finding.Severity.ToString());
            writer.WriteString("actorId", finding.ActorId);
            writer.WriteString("sourceIp", finding.SourceIp);
            writer.WriteString("tenantId", finding.TenantId);
            writer.WriteString("start", finding.Start.ToUniversalTime());
            writer.WriteString("end", finding.End.ToUniversalTime());
            writer.WriteString("summary", finding.Summary);
            writer.WriteStartArray("evidenceIds");
            foreach (var id in finding.EvidenceIds)
            {
                writer.WriteStringValue(id);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
