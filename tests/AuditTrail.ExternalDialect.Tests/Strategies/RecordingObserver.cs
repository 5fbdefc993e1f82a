using System.Data.Common;
using AuditTrail.Relational;

namespace AuditTrail.ExternalDialect.Tests.Strategies;

/// <summary>An <see cref="IAuditStoreObserver"/> that counts what it is told, as a search index kept after commits would be.</summary>
public sealed class RecordingObserver : IAuditStoreObserver
{
    private int _initialized;
    private int _committed;
    private int _purged;

    public int Initialized => Volatile.Read(ref _initialized);

    public int Committed => Volatile.Read(ref _committed);

    public int Purged => Volatile.Read(ref _purged);

    public string? InitializedDataSource { get; private set; }

    public ValueTask OnInitializedAsync(DbConnection connection, CancellationToken cancellationToken = default)
    {
        InitializedDataSource = connection.DataSource;
        Interlocked.Increment(ref _initialized);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnCommittedAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _committed);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnPurgedAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _purged);
        return ValueTask.CompletedTask;
    }
}
