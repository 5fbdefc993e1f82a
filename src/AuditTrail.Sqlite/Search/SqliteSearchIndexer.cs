using AuditTrail.Relational;

namespace AuditTrail.Sqlite.Search;

/// <summary>
/// Runs <see cref="SqliteSearchCatchUp"/> in the background after commits (<see cref="AuditBackgroundPass"/>). Writers
/// never wait for it: a pass writes only the index file (<see cref="SqliteSearchCatchUp"/>), and search stays exact
/// meanwhile (it reads the unindexed tail from the audit table).
/// </summary>
internal sealed class SqliteSearchIndexer : IAsyncDisposable, IDisposable
{
    /// <summary>How long a run waits after the request that started it (<see cref="AuditBackgroundPass.Linger"/>).</summary>
    public static readonly TimeSpan Linger = AuditBackgroundPass.Linger;

    /// <summary>How long a run waits after a failed pass before it ends (<see cref="AuditBackgroundPass.RetryDelay"/>).</summary>
    public static readonly TimeSpan RetryDelay = AuditBackgroundPass.RetryDelay;

    private readonly AuditBackgroundPass _pass;

    /// <param name="catchUp">The work of a run.</param>
    /// <param name="enabled">Whether requests start runs at all (<see cref="SqliteAuditStoreOptions.IndexSearchInBackground"/>).</param>
    /// <param name="time">The clock of the linger and retry waits.</param>
    public SqliteSearchIndexer(SqliteSearchCatchUp catchUp, bool enabled, TimeProvider time)
    {
        _pass = new AuditBackgroundPass(catchUp.RunAsync, enabled, time);
    }

    /// <summary>The error of the latest background pass, or <see langword="null"/> when it succeeded (or none ran).</summary>
    public Exception? LastError => _pass.LastError;

    /// <summary>The run in progress, if any (tests wait for it).</summary>
    internal Task? Running => _pass.Running;

    public void RequestUpdate() => _pass.RequestUpdate();

    public ValueTask DisposeAsync() => _pass.DisposeAsync();

    public void Dispose() => _pass.Dispose();
}
