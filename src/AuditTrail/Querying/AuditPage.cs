namespace AuditTrail;

/// <summary>One page of results, newest first.</summary>
/// <param name="Items">The records.</param>
/// <param name="NextCursor">Pass as <see cref="AuditQuery.Cursor"/> for the next page; <see langword="null"/> when this is the last page.</param>
public sealed record AuditPage(IReadOnlyList<AuditRecord> Items, string? NextCursor);
