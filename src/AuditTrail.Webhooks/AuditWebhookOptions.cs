namespace AuditTrail.Webhooks;

/// <summary>Where and how <see cref="AuditWebhookForwarder"/> posts records.</summary>
public sealed class AuditWebhookOptions
{
    /// <summary>The absolute <c>https</c> URL batches are posted to (<c>http</c> only for a loopback address), without a user name or password. Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>The shared secret of the HMAC-SHA256 signature, at least 32 bytes. Required.</summary>
    public byte[]? SigningKey { get; set; }

    /// <summary>What each batch holds. Default: <see cref="AuditWebhookPayload.Json"/>.</summary>
    public AuditWebhookPayload Payload { get; set; } = AuditWebhookPayload.Json;

    /// <summary>How many redirects to the same scheme, host and port are followed (a redirect elsewhere fails). Default: 3.</summary>
    public int MaxRedirects { get; set; } = 3;
}
