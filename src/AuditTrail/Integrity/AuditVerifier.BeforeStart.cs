using static System.FormattableString;

namespace AuditTrail;

public sealed partial class AuditVerifier
{
    /// <summary>
    /// A row stored before the chain's start (a sequence number at or below the retention anchor, or below 1 without
    /// one): no purge leaves one (a purge moves the anchor in the transaction that deletes), and the walk from the
    /// anchor would never reach it, yet it is read and exported like any other record.
    /// </summary>
    private async Task<AuditIntegrityProblem?> RowBeforeTheStartAsync(AuditChainPosition? anchor, CancellationToken cancellationToken)
    {
        var start = anchor?.Sequence ?? 0;
        var first = new AuditChainCursor(_store.ReadChainAsync(long.MinValue, cancellationToken), cancellationToken);
        await using var disposeFirst = first.ConfigureAwait(false);
        var found = await first.MoveNextAsync().ConfigureAwait(false);
        var sequence = found ? first.Current.Sequence : first.Unreadable?.Sequence;
        if (sequence is not { } before || before > start)
        {
            return null;
        }

        var id = found ? first.Current.Record.Id : (Guid?)null;
        var where = anchor is null ? "before the start of the chain (row 1)" : Invariant($"at or before the retention anchor at row {start}");
        return new AuditIntegrityProblem(
            AuditIntegrityProblemKind.ModifiedRow,
            before,
            Invariant($"Row {before}{(id is { } eventId ? Invariant($" (event {eventId})") : string.Empty)} stands {where}, where no row can be: it was inserted outside AuditTrail."),
            id);
    }
}
