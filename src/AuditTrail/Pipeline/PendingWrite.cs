namespace AuditTrail;

/// <summary>An accepted event on its way to the store: its record, its failure policy, and the caller waiting for its commit, if any.</summary>
internal sealed record PendingWrite(AuditRecord Record, AuditFailurePolicy Policy, TaskCompletionSource? Completion)
{
    public static Guid[] Ids(List<PendingWrite> writes) => [.. writes.Select(p => p.Record.Id)];

    public static string IdList(List<PendingWrite> writes) => string.Join(", ", writes.Select(p => p.Record.Id));

    /// <summary>The events are kept (committed or spooled): their callers, if waiting, may go on.</summary>
    public static void CompleteAll(List<PendingWrite> writes)
    {
        foreach (var pending in writes)
        {
            pending.Completion?.TrySetResult();
        }
    }
}
