using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Internal;

/// <summary>Builds the connection string once and opens pooled connections from it.</summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string? _directory;
    private volatile bool _directoryEnsured;

    public SqliteConnectionFactory(SqliteAuditStoreOptions options)
    {
        SqliteConnectionStringBuilder builder;
        if (options.ConnectionString is not null)
        {
            builder = new SqliteConnectionStringBuilder(options.ConnectionString);
        }
        else
        {
            var path = Path.GetFullPath(options.DatabasePath!);
            builder = new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
            };
            _directory = Path.GetDirectoryName(path);
        }

        // Microsoft.Data.Sqlite retries busy statements itself for DefaultTimeout seconds, where 0 means
        // forever; keep that window in line with the busy timeout and never unbounded.
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        ConnectionString = builder.ToString();
    }

    public string ConnectionString { get; }

    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_directoryEnsured && _directory is not null)
        {
            Directory.CreateDirectory(_directory);
            _directoryEnsured = true;
        }

        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
