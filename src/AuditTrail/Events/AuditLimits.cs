namespace AuditTrail;

/// <summary>
/// The maximum length, in UTF-16 code units, of each stored text field. Longer values are truncated
/// (never rejected) and end with <see cref="TruncationMarker"/>, so that a 10 MB description or a
/// 30 KB user agent cannot exhaust a store or a page.
/// </summary>
public static class AuditLimits
{
    /// <summary>Appended to a value that was cut to its limit.</summary>
    public const string TruncationMarker = "…[truncated]";

    /// <summary>Action codes: 128.</summary>
    public const int Action = 128;

    /// <summary>Actor ids: 256.</summary>
    public const int ActorId = 256;

    /// <summary>Actor display names: 256.</summary>
    public const int ActorName = 256;

    /// <summary>Resource types: 128.</summary>
    public const int ResourceType = 128;

    /// <summary>Resource ids: 256.</summary>
    public const int ResourceId = 256;

    /// <summary>Resource names: 512.</summary>
    public const int ResourceName = 512;

    /// <summary>Descriptions: 4096.</summary>
    public const int Description = 4096;

    /// <summary>Failure reasons: 1024.</summary>
    public const int FailureReason = 1024;

    /// <summary>Source IPs: 64 (the longest textual IPv6 form with a zone fits).</summary>
    public const int SourceIp = 64;

    /// <summary>User agents: 512.</summary>
    public const int UserAgent = 512;

    /// <summary>Correlation ids: 128.</summary>
    public const int CorrelationId = 128;

    /// <summary>Tenant ids: 128.</summary>
    public const int TenantId = 128;

    /// <summary>Field names of changes and metadata keys: 128.</summary>
    public const int Key = 128;

    /// <summary>Old and new values of changes, and metadata values: 2048.</summary>
    public const int Value = 2048;

    /// <summary>Changes per event: 100; further changes are dropped and counted in metadata <c>changes_truncated</c>.</summary>
    public const int ChangesPerEvent = 100;

    /// <summary>Metadata entries per event: 50; further entries, and an entry whose key is an earlier one's once bounded or repaired, are dropped and counted in metadata <c>metadata_truncated</c>.</summary>
    public const int MetadataEntries = 50;

    /// <summary>
    /// What keeps <paramref name="value"/> from being stored as given in a field of <paramref name="maxLength"/>, as the
    /// end of a sentence ("is 300 characters long, and records keep at most 256"), or <see langword="null"/> when nothing
    /// does. A longer value is stored cut and a NUL or a lone surrogate as U+FFFD, so an id or tenant that a reader, a
    /// hold or a rule compares with stored records must be refused rather than silently match nothing, or someone else.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="maxLength">The field's limit, one of this class's constants.</param>
    /// <returns>The problem, or <see langword="null"/>.</returns>
    public static string? StorageProblem(string value, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > maxLength)
        {
            return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"is {value.Length} characters long, and records keep at most {maxLength}");
        }

        return string.Equals(BoundedText.Normalize(value, maxLength), value, StringComparison.Ordinal)
            ? null
            : "holds a NUL or a lone surrogate, which records store as U+FFFD";
    }
}
