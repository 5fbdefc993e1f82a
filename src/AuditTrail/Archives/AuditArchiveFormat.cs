using System.Globalization;

namespace AuditTrail;

/// <summary>
/// A manifest of an archive format this version does not read (written by a newer AuditTrail): its segment is neither
/// verified nor imported nor continued, since its fields may no longer mean what this version takes them to mean.
/// </summary>
internal static class AuditArchiveFormat
{
    private const string Marker = "AuditTrail.ArchiveFormatVersion";

    /// <summary>The <see cref="InvalidDataException"/> a reader throws for a manifest of <paramref name="formatVersion"/>.</summary>
    public static InvalidDataException Unsupported(string name, int formatVersion)
    {
        var exception = new InvalidDataException(string.Create(
            CultureInfo.InvariantCulture,
            $"The manifest of '{name}' is of archive format version {formatVersion}, which this version of AuditTrail does not read (it reads format {AuditArchiveManifest.CurrentFormatVersion}): verify, import or continue this archive with the AuditTrail version that wrote it, or a newer one."));
        exception.Data[Marker] = formatVersion;
        return exception;
    }

    /// <summary>The problem a verifier reports for a manifest it could not read: of another format, or not a manifest (altered).</summary>
    public static AuditArchiveProblem Unreadable(string segment, InvalidDataException exception) =>
        exception.Data.Contains(Marker)
            ? new(AuditArchiveProblemKind.AlteredSegment, segment, $"Segment '{segment}' cannot be read: {exception.Message}")
            : new(AuditArchiveProblemKind.AlteredSegment, segment, $"Segment '{segment}' was altered: {exception.Message}");
}
