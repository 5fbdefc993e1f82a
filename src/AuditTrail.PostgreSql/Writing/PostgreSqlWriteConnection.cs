using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The connection a store's batch appends run on, kept open between writes: a pooled connection that is closed
/// and opened again pays the pool's session reset, about a round trip, on its next command. One write at a time uses
/// it; a concurrent write of the same store takes a pooled connection instead. After any failure (the server or a
/// proxy dropped the session, say) it is given back and the next write opens another.
/// </summary>
internal sealed class PostgreSqlWriteConnection(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _kept;
    private bool _disposed;

    /// <summary>Runs <paramref name="work"/> on the kept connection, or on a pooled one while another write holds it.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            var pooled = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (pooled.ConfigureAwait(false))
            {
                return await work(pooled).ConfigureAwait(false);
            }
        }

        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = await KeptAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await work(connection).ConfigureAwait(false);
            }
            catch
            {
                // Whatever failed, the next write starts on a fresh connection rather than on one in an unknown state.
                await CloseKeptAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            await CloseKeptAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<NpgsqlConnection> KeptAsync(CancellationToken cancellationToken)
    {
        if (_kept is not null && _kept.FullState != System.Data.ConnectionState.Open)
        {
            await CloseKeptAsync().ConfigureAwait(false);
        }

        return _kept ??= await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseKeptAsync()
    {
        if (_kept is { } kept)
        {
            _kept = null;
            await kept.DisposeAsync().ConfigureAwait(false);
        }
    }
}
