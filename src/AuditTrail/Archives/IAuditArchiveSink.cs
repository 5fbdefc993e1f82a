namespace AuditTrail;

/// <summary>
/// Where sealed archive segments go (<see cref="DirectoryAuditArchiveSink"/> by default). A sink stores each segment
/// durably with its manifest, lists the segments in chain order and opens them again; it never exposes half a segment.
/// </summary>
public interface IAuditArchiveSink
{
    /// <summary>
    /// Stores a segment and its manifest durably: when the task completes both survive a crash, and a failure leaves
    /// nothing under the segment's name (<see cref="AuditArchiveManifest.Segment"/>). Retention purges the segment's
    /// records only after this completes.
    /// </summary>
    /// <param name="manifest">The signed (or unsigned) manifest.</param>
    /// <param name="segment">The segment's bytes (gzip JSON Lines), read to the end.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task WriteAsync(AuditArchiveManifest manifest, Stream segment, CancellationToken cancellationToken = default);

    /// <summary>The names of the stored segments that have a manifest, in ordinal name order (which is chain order).</summary>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The names.</returns>
    Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens a stored segment's bytes.</summary>
    /// <param name="name">A name from <see cref="ListAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A readable stream the caller disposes.</returns>
    /// <exception cref="FileNotFoundException">No segment has the name.</exception>
    Task<Stream> OpenSegmentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Opens a stored segment's manifest (JSON).</summary>
    /// <param name="name">A name from <see cref="ListAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A readable stream the caller disposes.</returns>
    /// <exception cref="FileNotFoundException">The segment has no manifest.</exception>
    Task<Stream> OpenManifestAsync(string name, CancellationToken cancellationToken = default);
}
