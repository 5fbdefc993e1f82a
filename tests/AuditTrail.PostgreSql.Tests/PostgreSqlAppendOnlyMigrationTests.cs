using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using AuditTrail.Relational;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// Schema v10: a database that ran the append-only function of v9, which let an UPDATE clear a person's fields without
/// pseudonymising their id, gets the tighter function the next time a store opens it, on every partition too.
/// </summary>
public sealed class PostgreSqlAppendOnlyMigrationTests : SchemaTest
{
    [PostgreSqlTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DatabaseAtV9WithALooserFunction_GetsTheTighterOne_WhenAStoreOpensIt(bool partitioned)
    {
        var name = Schema.Name;
        void Layout(PostgreSqlAuditStoreOptions options) => options.Partitioning = partitioned ? new PostgreSqlPartitioningOptions() : null;
        await Schema.CreateStore(Layout).WriteAsync([Some.Record() with { Actor = AuditActor.User("u-erin", "Erin Example") }]);

        // v9 as a database that ran the released v9 left it: a function that lets this UPDATE through stands in for v9's.
        await Schema.ExecuteAsync($"CREATE OR REPLACE FUNCTION \"{name}\".audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN RETURN NEW; END $f$");
        await Schema.ExecuteAsync($"DELETE FROM \"{name}\".{AuditSql.SchemaVersionTable} WHERE table_name = 'audit_events' AND version = 10");

        await Schema.CreateStore(Layout).InitializeAsync();

        (await Schema.ScalarAsync<int>($"SELECT max(version) FROM \"{name}\".{AuditSql.SchemaVersionTable} WHERE table_name = 'audit_events'")).Should().Be(10);
        var clear = () => Schema.ExecuteAsync($"UPDATE \"{name}\".audit_events SET actor_name = NULL WHERE seq = 1");
        (await clear.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only");
        (await Schema.ScalarAsync<string>($"SELECT actor_name FROM \"{name}\".audit_events WHERE seq = 1")).Should().Be("Erin Example");
    }
}
