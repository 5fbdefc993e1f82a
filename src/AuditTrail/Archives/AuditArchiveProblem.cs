namespace AuditTrail;

/// <summary>What the archive verifier found wrong.</summary>
public enum AuditArchiveProblemKind
{
    /// <summary>A sequence range is in no segment: a segment (or only its file) was removed, or the store purged what was never archived.</summary>
    MissingSegment = 0,

    /// <summary>A segment's file, manifest, signature or records are not as they were sealed.</summary>
    AlteredSegment = 1,

    /// <summary>A segment is stored out of its place in the chain (under another segment's name, or before a segment it follows).</summary>
    ReorderedSegment = 2,

    /// <summary>A segment has no signature although the verifier was given the public keys to check one.</summary>
    UnsignedSegment = 3,

    /// <summary>The live store does not continue the archive: its retention anchor or first row does not link to the last segment.</summary>
    StoreDiscontinuity = 4,
}

/// <summary>The first problem the archive verifier found.</summary>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Segment">The segment it concerns, or <see langword="null"/> when it concerns the store.</param>
/// <param name="Message">What was found, naming the segment and sequence numbers.</param>
public sealed record AuditArchiveProblem(AuditArchiveProblemKind Kind, string? Segment, string Message);
