using System.Data;
using System.Text.RegularExpressions;
using AuditTrail.Conformance.Support;
using AuditTrail.SqlServer.Tests.Support;

namespace AuditTrail.SqlServer.Tests;

/// <summary>
/// The statements of an erasure. T-SQL's <c>=</c> ignores trailing spaces ('alice' = 'alice '), so an erasure that
/// compared ids with it alone would pseudonymise another person's rows too; every comparison of an id must be exact.
/// </summary>
public sealed partial class ErasureSqlTests
{
    [Fact]
    public async Task EraseAsync_EveryIdComparison_IsExact_SoAnIdWithATrailingSpaceIsAnotherPerson()
    {
        var database = new RecordingDatabase();
        var store = new SqlServerAuditStore(database.CreateConnection, new SqlServerAuditStoreOptions());
        database.Scalar = _ => 1;
        await store.InitializeAsync();

        // The row the store writes is the row it reads back: the erasure checks its link, then rewrites it.
        var stored = new DataTable();
        database.NonQuery = (sql, values) =>
        {
            if (sql.StartsWith("INSERT INTO [dbo].[audit_events]", StringComparison.Ordinal))
            {
                foreach (var name in values.Keys.Where(name => !stored.Columns.Contains(name)))
                {
                    stored.Columns.Add(name, typeof(object));
                }

                stored.Rows.Add([.. stored.Columns.Cast<DataColumn>().Select(column => values[column.ColumnName] ?? DBNull.Value)]);
            }

            return 1;
        };
        await store.WriteAsync([Some.Record(Some.BaseTime) with { Actor = AuditActor.User("alice", "Alice"), TargetUser = new AuditTargetUser("alice ", "Other Alice") }]);
        database.Rows = sql => sql.StartsWith("SELECT [seq] FROM", StringComparison.Ordinal) ? Sequences(1)
            : sql.Contains("WHERE [seq] IN", StringComparison.Ordinal) ? stored
            : null;
        database.Clear();

        await store.EraseAsync("alice", AuditPseudonym.For("key"u8, "alice"));

        var log = database.Log;
        log.Should().Contain("UPDATE [dbo].[audit_events] SET", "the row naming the person is rewritten");
        var comparisons = IdComparison().Matches(log);
        comparisons.Should().NotBeEmpty();
        comparisons.Should().AllSatisfy(match => match.Groups["exact"].Success.Should().BeTrue(
            $"'{match.Value}' must also compare the lengths, or it matches ids that differ by trailing spaces"));
    }

    private static DataTable Sequences(long sequence)
    {
        var table = new DataTable();
        table.Columns.Add("seq", typeof(long));
        table.Rows.Add(sequence);
        return table;
    }

    // [actor_id] = @person, optionally followed by the length check that makes it exact.
    [GeneratedRegex(@"\[(?<column>actor_id|target_user_id)\] = (?<value>@\w+)(?<exact> AND DATALENGTH\(\[\k<column>\]\) = DATALENGTH\(\k<value>\))?")]
    private static partial Regex IdComparison();
}
