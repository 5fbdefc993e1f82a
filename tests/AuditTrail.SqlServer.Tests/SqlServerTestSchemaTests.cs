using AuditTrail.Relational;
using AuditTrail.SqlServer.Tests.Support;

namespace AuditTrail.SqlServer.Tests;

/// <summary>The live tests' clean-up: DROP SCHEMA fails while any table is left in the schema.</summary>
public sealed class SqlServerTestSchemaTests
{
    [Fact]
    public void DropStatement_DropsEveryTableTheMigrationsCreate_BeforeTheSchema()
    {
        var schema = new SqlServerTestSchema();
        var created = new SqlServerAuditSqlDialect(schema.Name).GetMigrations(SqlServerAuditStoreOptions.DefaultTableName)
            .SelectMany(migration => migration.Statements)
            .Append(new SqlServerAuditSqlDialect(schema.Name).CreateSchemaVersionTableStatement(AuditSql.SchemaVersionTable))
            .SelectMany(statement => System.Text.RegularExpressions.Regex.Matches(statement, @"CREATE TABLE (\[\w+\]\.\[\w+\])").Select(match => match.Groups[1].Value))
            .Distinct()
            .ToList();

        created.Should().HaveCount(1 + AuditSql.SharedTableNames.Count);
        var drop = schema.DropStatement;
        foreach (var table in created)
        {
            drop.Should().Contain($"DROP TABLE IF EXISTS {table};");
            drop.IndexOf($"DROP TABLE IF EXISTS {table};", StringComparison.Ordinal).Should().BeLessThan(drop.IndexOf("DROP SCHEMA", StringComparison.Ordinal));
        }
    }
}
