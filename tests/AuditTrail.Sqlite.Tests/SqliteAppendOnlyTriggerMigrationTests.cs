using AuditTrail.Conformance.Support;
using AuditTrail.Relational;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// Schema v18: a database that ran the append-only trigger of v11, which let an UPDATE clear a person's fields without
/// pseudonymising their id, gets the tighter trigger the next time a store opens it.
/// </summary>
public sealed class SqliteAppendOnlyTriggerMigrationTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task DatabaseAtV17WithALooserTrigger_GetsTheTighterOne_WhenAStoreOpensIt()
    {
        await _database.CreateStore().WriteAsync([Some.Record() with { Actor = AuditActor.User("u-erin", "Erin Example") }]);

        // v17 as a database that ran the released v11 left it: a trigger that lets this UPDATE through stands in for v11's.
        _database.Execute("DROP TRIGGER audit_events_append_only");
        _database.Execute("CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events WHEN 0 BEGIN SELECT RAISE(ABORT, 'never'); END");
        _database.Execute($"DELETE FROM {AuditSql.SchemaVersionTable} WHERE version = {SqliteAppendOnlyTrigger.SchemaVersion}");

        var store = _database.CreateStore();
        await ((IAuditStore)store).InitializeAsync();

        _database.Scalar<long>($"SELECT MAX(version) FROM {AuditSql.SchemaVersionTable}").Should().Be(SqliteAppendOnlyTrigger.SchemaVersion);
        var clear = () => _database.Execute("UPDATE audit_events SET actor_name = NULL WHERE seq = 1");
        clear.Should().Throw<SqliteException>().WithMessage("*append-only*");
        _database.Scalar<string>("SELECT actor_name FROM audit_events WHERE seq = 1").Should().Be("Erin Example");
    }
}
