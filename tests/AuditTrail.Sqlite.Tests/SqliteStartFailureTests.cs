using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// A database location or size limit that cannot work stops the start with an error naming the option and the path:
/// at start the host validates the options and calls <see cref="IAuditStore.InitializeAsync"/>, as these tests do.
/// </summary>
public sealed class SqliteStartFailureTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static ServiceProvider Build(Action<SqliteAuditStoreOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddAuditTrail(o => o.Spool.Disabled = true).UseSqlite(configure);
        return services.BuildServiceProvider();
    }

    private static Func<Task> Start(IServiceProvider provider) => () => provider.GetRequiredService<IAuditStore>().InitializeAsync();

    [Fact]
    public async Task DatabasePath_ADirectory_FailsTheStartNamingTheOption()
    {
        await using var host = Build(o => o.DatabasePath = _database.Directory);

        var start = Start(host);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle().Which.Should().Be(
            $"SqliteAuditStoreOptions.DatabasePath is '{_database.Directory}', a directory; give the path of the database file (for example '{Path.Combine(_database.Directory, "audit.db")}').");
    }

    [Fact]
    public async Task DatabasePath_UnderAFile_FailsTheStartNamingTheOption()
    {
        var file = Path.Combine(_database.Directory, "not-a-folder");
        File.WriteAllText(file, "");
        var path = Path.Combine(file, "audit.db");
        await using var host = Build(o => o.DatabasePath = path);

        var start = Start(host);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle().Which.Should().StartWith(
            $"SqliteAuditStoreOptions.DatabasePath is '{path}', whose folder '{file}' cannot be created or written: ");
    }

    [Fact]
    public async Task DatabasePath_UnderProc_FailsTheStartNamingTheOption()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return;
        }

        await using var host = Build(o => o.DatabasePath = "/proc/x/audit.db");

        var start = Start(host);

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle().Which.Should().StartWith(
            "SqliteAuditStoreOptions.DatabasePath is '/proc/x/audit.db', whose folder '/proc/x' cannot be created or written: ");
    }

    [Fact]
    public async Task DatabasePath_UnderProc_WithTheDefaultSpoolBesideIt_FailsTheStartNamingTheDatabasePath_NotTheSpool()
    {
        if (!Directory.Exists("/proc/self"))
        {
            return;
        }

        var services = new ServiceCollection();
        services.AddAuditTrail().UseSqlite("/proc/x/audit.db");
        await using var host = services.BuildServiceProvider();

        var resolve = () => host.GetRequiredService<IAuditLogger>();

        var error = resolve.Should().Throw<OptionsValidationException>().Which;
        error.Message.Should().StartWith("SqliteAuditStoreOptions.DatabasePath is '/proc/x/audit.db', whose folder '/proc/x' cannot be created or written: ")
            .And.NotContain("/proc/x/audit.db.spool", "the spool beside the database is not what the user has to change");
    }

    [Fact]
    public async Task DatabasePath_NotASqliteFile_FailsTheStartNamingTheOption_AndLeavesTheFileAsItWas()
    {
        var content = string.Concat(Enumerable.Repeat("not a database, but somebody's notes\n", 200));
        File.WriteAllText(_database.Path, content);
        await using var host = Build(o => o.DatabasePath = _database.Path);

        var start = Start(host);

        var error = (await start.Should().ThrowAsync<InvalidOperationException>()).Which;
        error.Message.Should().StartWith($"SqliteAuditStoreOptions.DatabasePath '{_database.Path}' is not a SQLite database: ");
        error.InnerException.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(26);
        SqliteConnection.ClearAllPools();
        File.ReadAllText(_database.Path).Should().Be(content);
    }

    [Fact]
    public async Task MaxDatabaseSizeBytes_AtTheMinimum_HoldsTheSchemaAndRecords()
    {
        await using var host = Build(o =>
        {
            o.DatabasePath = _database.Path;
            o.MaxDatabaseSizeBytes = SqliteAuditStoreOptions.MinDatabaseSizeBytes;
        });

        var logger = host.GetRequiredService<IAuditLogger>();
        for (var i = 0; i < 20; i++)
        {
            await logger.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Description = $"#{i}" });
        }

    }

    [Fact]
    public async Task MaxDatabaseSizeBytes_ReachedWhileCreatingTheSchema_FailsTheStartNamingTheOption()
    {
        await using (var connection = new SqliteConnection($"Data Source={_database.Path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE host_data (payload BLOB); INSERT INTO host_data VALUES (zeroblob($size))";
            command.Parameters.AddWithValue("$size", SqliteAuditStoreOptions.MinDatabaseSizeBytes);
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        await using var host = Build(o =>
        {
            o.DatabasePath = _database.Path;
            o.MaxDatabaseSizeBytes = SqliteAuditStoreOptions.MinDatabaseSizeBytes;
        });

        var start = Start(host);

        var error = (await start.Should().ThrowAsync<InvalidOperationException>()).Which;
        error.Message.Should().StartWith(
            $"SqliteAuditStoreOptions.MaxDatabaseSizeBytes is {SqliteAuditStoreOptions.MinDatabaseSizeBytes}, and the database SqliteAuditStoreOptions.DatabasePath '{_database.Path}' reached it");
        error.InnerException.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(13);
    }

    [Fact]
    public async Task Schema_WithEveryMigration_TakesAtMostHalfTheMinimumDatabaseSize()
    {
        var store = _database.CreateStore();
        await store.InitializeAsync();

        await using var connection = new SqliteConnection($"Data Source={_database.Path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()";
        var bytes = (long)(await command.ExecuteScalarAsync())!;

        bytes.Should().BeLessThanOrEqualTo(SqliteAuditStoreOptions.MinDatabaseSizeBytes / 2, $"the schema takes {bytes} bytes");
    }
}
