using AuditTrail.Conformance.Support;
using AuditTrail.Relational;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// A file whose tables do not match the schema version it records (its version table set back by hand, or a schema
/// restored in part): the migration fails naming the table, the versions and the step, with SQLite's error inside, and
/// changes nothing.
/// </summary>
public sealed class SqliteSchemaMigrationFailureTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Open_VersionTableSetBackBelowAppliedSteps_FailsNamingTheTableTheVersionsAndTheStep()
    {
        var latest = await WriteAndSetBackToVersion10Async();

        var store = _database.CreateStore();
        var failure = await FluentActions.Awaiting(() => store.GetHeadAsync()).Should().ThrowAsync<InvalidOperationException>();

        failure.Which.Message.Should().Contain("audit table 'audit_events'")
            .And.Contain($"from schema version 10 to {latest}")
            .And.Contain("the step to version 11")
            .And.Contain("duplicate column name: tombstone")
            .And.Contain(AuditSql.SchemaVersionTable);
        failure.Which.InnerException.Should().BeOfType<SqliteException>();
        _database.Scalar<long>("SELECT max(version) FROM audit_trail_schema").Should().Be(10, "the failed migration was rolled back");
        _database.Scalar<long>("SELECT count(*) FROM audit_events").Should().Be(3);
    }

    [Fact]
    public async Task InitializeAsync_VersionTableSetBackBelowAppliedSteps_FailsNamingTheDatabasePath()
    {
        await WriteAndSetBackToVersion10Async();

        IAuditStore store = _database.CreateStore();
        var failure = await FluentActions.Awaiting(() => store.InitializeAsync()).Should().ThrowAsync<InvalidOperationException>();

        failure.Which.Message.Should().Contain("SqliteAuditStoreOptions.DatabasePath").And.Contain(_database.Path)
            .And.Contain("could not be migrated from schema version 10");
    }

    private async Task<long> WriteAndSetBackToVersion10Async()
    {
        var store = _database.CreateStore();
        await store.WriteAsync(Some.Records(3, i => Some.BaseTime.AddMinutes(i)));
        var latest = _database.Scalar<long>("SELECT max(version) FROM audit_trail_schema");
        _database.Execute("DELETE FROM audit_trail_schema WHERE version > 10");
        SqliteConnection.ClearAllPools();
        return latest;
    }
}
