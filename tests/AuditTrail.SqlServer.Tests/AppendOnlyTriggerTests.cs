using System.Text.RegularExpressions;

namespace AuditTrail.SqlServer.Tests;

/// <summary>
/// The append-only trigger the newest migration leaves. T-SQL's <c>=</c> ignores trailing spaces ('a' = 'a '), so a
/// guard that compared kept values with it alone let an UPDATE pad or unpad any of them.
/// </summary>
public sealed partial class AppendOnlyTriggerTests
{
    [Fact]
    public void NewestTrigger_ComparesEveryKeptValueExactly_TrailingSpacesIncluded()
    {
        var migrations = new SqlServerAuditSqlDialect("dbo").GetMigrations("audit_events");
        var trigger = migrations.SelectMany(migration => migration.Statements).Last(statement => statement.Contains("CREATE TRIGGER", StringComparison.Ordinal));

        var comparisons = KeptValueComparison().Matches(trigger);

        comparisons.Should().NotBeEmpty();
        comparisons.Should().AllSatisfy(match => match.Groups["exact"].Success.Should().BeTrue(
            $"'{match.Value}' must also compare the lengths, or an UPDATE that adds trailing spaces passes the guard"));
    }

    [Fact]
    public void NewestTrigger_ComparesWhatATombstoneEmptiesExactly_TrailingSpacesIncluded()
    {
        // i.[changes] = '[]' alone also passes '[]   ', and i.[actor_id] = '' any run of spaces: a tombstoning could
        // leave padding where the guard promises empty values.
        var migrations = new SqlServerAuditSqlDialect("dbo").GetMigrations("audit_events");
        var trigger = migrations.SelectMany(migration => migration.Statements).Last(statement => statement.Contains("CREATE TRIGGER", StringComparison.Ordinal));

        var comparisons = LiteralComparison().Matches(trigger);

        comparisons.Select(match => match.Groups["column"].Value).Should().BeEquivalentTo(["actor_id", "changes", "metadata"]);
        comparisons.Should().AllSatisfy(match => match.Groups["exact"].Success.Should().BeTrue(
            $"'{match.Value}' must also compare the lengths, or an UPDATE that pads the emptied value passes the guard"));
    }

    [Fact]
    public void NewestTrigger_ReplacesTheOneBefore_InItsOwnMigration()
    {
        var migrations = new SqlServerAuditSqlDialect("dbo").GetMigrations("audit_events");
        var newest = migrations.Last(migration => migration.Statements.Any(statement => statement.Contains("CREATE TRIGGER", StringComparison.Ordinal)));

        newest.Version.Should().BeGreaterThan(8, "v8, as released, never changes");
        newest.Statements.Should().HaveCount(2);
        newest.Statements[0].Should().Be("DROP TRIGGER [dbo].[audit_events_append_only]");
        newest.Statements[1].Should().StartWith("CREATE TRIGGER [dbo].[audit_events_append_only] ON [dbo].[audit_events] AFTER UPDATE AS");
    }

    // d.[action] = i.[action], optionally followed by the length check that makes it exact.
    [GeneratedRegex(@"d\.\[(?<column>\w+)\] = i\.\[\k<column>\](?<exact> AND DATALENGTH\(d\.\[\k<column>\]\) = DATALENGTH\(i\.\[\k<column>\]\))?")]
    private static partial Regex KeptValueComparison();

    // i.[changes] = N'[]', optionally followed by the length check that makes it exact.
    [GeneratedRegex(@"i\.\[(?<column>\w+)\] = (?<literal>N?'[^']*')(?<exact> AND DATALENGTH\(i\.\[\k<column>\]\) = DATALENGTH\(\k<literal>\))?")]
    private static partial Regex LiteralComparison();
}
