namespace AuditTrail.Tests.Support;

/// <summary>
/// A <see cref="FakeAuditStore"/> that takes batches behind a predecessor (<see cref="IAuditOrderedSink"/>), as the
/// PostgreSQL store does: the check that the predecessor is stored and the write happen in one step. Such writes can be
/// held (<see cref="AheadGate"/>) or made to fail (<see cref="AheadFailWith"/>) apart from ordinary ones.
/// </summary>
public sealed class OrderedFakeAuditStore : FakeAuditStore, IAuditOrderedSink
{
    private int _aheadCalls;
    private int _aheadWritten;
    private int _aheadRefused;

    /// <summary>While set, every write behind a predecessor waits for this task first.</summary>
    public Task? AheadGate { get; set; }

    /// <summary>While set, every write behind a predecessor throws this.</summary>
    public Exception? AheadFailWith { get; set; }

    public int AheadCalls => Volatile.Read(ref _aheadCalls);

    /// <summary>Writes behind a predecessor that stored their batch.</summary>
    public int AheadWritten => Volatile.Read(ref _aheadWritten);

    /// <summary>Writes behind a predecessor that wrote nothing because it was not stored.</summary>
    public int AheadRefused => Volatile.Read(ref _aheadRefused);

    public async Task<bool> WriteAfterAsync(IReadOnlyList<AuditRecord> batch, IReadOnlyList<Guid> predecessor, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _aheadCalls);
        using var writing = Writing();
        if (AheadGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (AheadFailWith is { } failure)
        {
            throw failure;
        }

        var stored = TryStoreAfter(batch, predecessor);
        Interlocked.Increment(ref stored ? ref _aheadWritten : ref _aheadRefused);
        return stored;
    }
}
