using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The connections a store's batch appends run on, kept open between writes: a pooled connection that is closed and
/// opened again pays the pool's session reset on its next command. Two are kept, one for each batch the writer may
/// have in flight (<see cref="AuditTrailOptions.PipelineWrites"/>); a write while both are in use takes a pooled
/// connection instead. After any failure (the server or a proxy dropped the session, say) the connection is given
/// back (the pool rolls back a transaction the failure left open) and the next write in its place opens another.
/// </summary>
internal sealed class PostgreSqlWriteConnection(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly Slot[] _slots = [new(), new()];
    private bool _disposed;

    /// <summary>Runs <paramref name="work"/> on a kept connection, or on a pooled one while other writes hold both.</summary>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        foreach (var slot in _slots)
        {
            if (await slot.Gate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
            {
                return await RunKeptAsync(slot, work, cancellationToken).ConfigureAwait(false);
            }
        }

        var pooled = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (pooled.ConfigureAwait(false))
        {
            return await work(pooled).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots)
        {
            await slot.Gate.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            if (!_disposed)
            {
                _disposed = true;
                foreach (var slot in _slots)
                {
                    await slot.CloseAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var slot in _slots)
            {
                slot.Gate.Release();
            }
        }
    }

    private async Task<T> RunKeptAsync<T>(Slot slot, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var connection = await slot.OpenAsync(dataSource, cancellationToken).ConfigureAwait(false);
            try
            {
                return await work(connection).ConfigureAwait(false);
            }
            catch
            {
                // Whatever failed, the next write in this place starts on a fresh connection rather than on one in an unknown state.
                await slot.CloseAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>One kept connection and the gate that lets one write at a time use it.</summary>
    private sealed class Slot
    {
        private NpgsqlConnection? _kept;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
        {
            if (_kept is not null && _kept.FullState != System.Data.ConnectionState.Open)
            {
                await CloseAsync().ConfigureAwait(false);
            }

            return _kept ??= await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        public async Task CloseAsync()
        {
            if (_kept is { } kept)
            {
                _kept = null;
                await kept.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
