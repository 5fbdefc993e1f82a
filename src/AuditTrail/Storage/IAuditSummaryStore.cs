namespace AuditTrail;

/// <summary>
/// A store that reads records narrowly: only the fields of <see cref="AuditRecordFields.Summary"/>, for readers that
/// look at many records but not at their free text, changes or metadata (the review's change detectors). A store
/// without it is read through <see cref="IAuditStore.StreamAsync"/>, whose records carry the summary fields too.
/// </summary>
public interface IAuditSummaryStore
{
    /// <summary>
    /// Streams every record matching the filter, newest first, as <see cref="IAuditStore.StreamAsync"/> does (the same
    /// records in the same order, every field of the filter applied, its scope above all), with the fields of
    /// <see cref="AuditRecordFields.Summary"/> as that method gives them. The other fields may be left empty
    /// (<see langword="null"/>, no changes, no metadata) or filled.
    /// </summary>
    /// <param name="filter">The filter, scope included.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    IAsyncEnumerable<AuditRecord> StreamSummariesAsync(AuditFilter filter, CancellationToken cancellationToken = default);
}
