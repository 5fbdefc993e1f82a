using AuditTrail.Relational;

namespace AuditTrail.SqlServer.Tests;

/// <summary>The legal holds table the newest migration leaves, against what the hold API accepts.</summary>
public sealed class HoldsTableTests
{
    [Theory]
    [InlineData("placed_by")]
    [InlineData("released_by")]
    public void WhoPlacedOrReleased_TakesAnActorIdOfAnyLength(string column)
    {
        // IAuditLegalHolds takes the AuditActor's id as it is: ids longer than 200 characters are valid actors (records
        // keep up to AuditLimits.ActorId = 256, the other stores any length), so the column must not be nvarchar(200).
        var statements = new SqlServerAuditSqlDialect("dbo").GetMigrations("audit_events").SelectMany(migration => migration.Statements)
            .Where(statement => statement.Contains(AuditSql.HoldsTable, StringComparison.Ordinal));
        var definition = statements.SelectMany(statement => statement.Split('\n'))
            .Last(line => line.Contains(column + " nvarchar", StringComparison.Ordinal));

        definition.Should().Contain(column + " nvarchar(max) COLLATE Latin1_General_100_BIN2");
    }

    [Fact]
    public void ActorIdOfTheScope_TakesTheLongestActorIdARecordKeeps()
    {
        // A hold's scope.ActorId is compared with records' actor ids, which keep up to AuditLimits.ActorId characters;
        // v7's nvarchar(200) refused the insert of a hold on a longer one.
        var statements = new SqlServerAuditSqlDialect("dbo").GetMigrations("audit_events").SelectMany(migration => migration.Statements)
            .Where(statement => statement.Contains(AuditSql.HoldsTable, StringComparison.Ordinal));
        var definition = statements.SelectMany(statement => statement.Split('\n'))
            .Last(line => line.Contains("actor_id nvarchar", StringComparison.Ordinal));

        definition.Should().Contain($"actor_id nvarchar({AuditLimits.ActorId}) COLLATE Latin1_General_100_BIN2 NULL");
    }
}
