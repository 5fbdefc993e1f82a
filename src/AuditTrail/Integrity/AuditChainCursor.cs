namespace AuditTrail;

/// <summary>
/// Walks <see cref="IAuditChainStore.ReadChainAsync"/> and stops, rather than fails, at a row the store cannot read
/// (<see cref="AuditUnreadableRowException"/>): for the verifier such a row is a finding, not an error.
/// </summary>
internal sealed class AuditChainCursor(IAsyncEnumerable<AuditChainEntry> chain, CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly IAsyncEnumerator<AuditChainEntry> _rows = chain.GetAsyncEnumerator(cancellationToken);

    public AuditChainEntry Current => _rows.Current;

    /// <summary>The row the walk stopped at because it cannot be read, or <see langword="null"/>.</summary>
    public AuditUnreadableRowException? Unreadable { get; private set; }

    public async ValueTask<bool> MoveNextAsync()
    {
        if (Unreadable is not null)
        {
            return false;
        }

        try
        {
            return await _rows.MoveNextAsync().ConfigureAwait(false);
        }
        catch (AuditUnreadableRowException ex)
        {
            Unreadable = ex;
            return false;
        }
    }

    public ValueTask DisposeAsync() => _rows.DisposeAsync();
}
