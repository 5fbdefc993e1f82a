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

    /// <summary>
    /// The largest body the forwarder posts, in bytes: a batch whose body is larger goes in halves, down to single records
    /// (a single record is posted whatever its size). Set it at or below the receiver's limit, since some receivers reset
    /// the connection on a larger body instead of answering 413. Default: 1 MiB; between 1 KiB and 100 MiB.
    /// </summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>The default of <see cref="MaxBodyBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxBodyBytes = 1024 * 1024;
}
