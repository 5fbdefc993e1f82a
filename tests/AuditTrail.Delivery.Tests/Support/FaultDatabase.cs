using Microsoft.Data.Sqlite;

namespace AuditTrail.Delivery.Tests.Support;

/// <summary>
/// A SQLite audit database in a directory of its own, with the spool beside it where <c>UseSqlite</c> puts it by
/// default (<c>audit.db.spool</c>); read through connections of its own, as another process would. Deleted on dispose.
/// </summary>
public sealed class FaultDatabase : IDisposable
{
    public FaultDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "audittrail-delivery-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "audit.db");
    }

    public string Directory { get; }

    public string Path { get; }

    /// <summary>Where <c>UseSqlite</c> puts the spool when the host sets none.</summary>
    public string SpoolDirectory => Path + ".spool";

    /// <summary>The event ids in the order the store committed them (its sequence).</summary>
    public List<Guid> IdsInCommitOrder()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM audit_events ORDER BY seq";
        using var reader = command.ExecuteReader();
        var ids = new List<Guid>();
        while (reader.Read())
        {
            ids.Add(Guid.Parse(reader.GetString(0)));
        }

        return ids;
    }

    public string IntegrityCheck()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }

    /// <summary>The spool's segment files that still hold events (replayed ones are deleted).</summary>
    public string[] SpoolSegments() =>
        System.IO.Directory.Exists(SpoolDirectory) ? System.IO.Directory.GetFiles(SpoolDirectory, "*.spool", SearchOption.AllDirectories) : [];

    /// <summary>A connection outside any pool, holding the lock or reading as another process would.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000";
        command.ExecuteNonQuery();
        return connection;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind does not make a test wrong.
        }
    }
}
