using Dapper;

namespace AuditTrail.Relational;

/// <summary>
/// The purge lock of a server database: a session lock (<see cref="IAuditSqlDialect.TryPurgeLockStatement"/>) taken on a
/// connection of its own and held open for the whole purge. The server releases it when the session ends, so a purge
/// whose process dies (or whose connection is cut) leaves the lock free for the next one.
/// </summary>
internal sealed class AuditSessionPurgeLock(AuditConnections connections, string tryLockStatement, string releaseStatement) : IAuditPurgeLock
{
    public async Task<IAsyncDisposable?> TryAcquirePurgeLockAsync(CancellationToken cancellationToken = default)
    {
        var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var taken = await connection.ExecuteScalarAsync<int>(new CommandDefinition(tryLockStatement, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (taken == 1)
            {
                return new Held(connection, releaseStatement);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    private sealed class Held(System.Data.Common.DbConnection connection, string releaseStatement) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0)
            {
                return;
            }

            try
            {
                // Released before the connection goes back to a pool, where its session (and so the lock) would live on.
                await connection.ExecuteAsync(releaseStatement).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                // The session is gone (the server or the network failed): so is its lock.
            }
            finally
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
