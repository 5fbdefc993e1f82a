using System.Text.RegularExpressions;
using AuditTrail.SqlServer.Tests.Support;

namespace AuditTrail.SqlServer.Tests;

/// <summary>
/// The statements of the facets. T-SQL's <c>=</c>, <c>DISTINCT</c> and <c>GROUP BY</c> ignore trailing spaces, so
/// "alice" and "alice " (two actors, as in the other stores) would come back as one facet, with either's name.
/// </summary>
public sealed partial class FacetsSqlTests
{
    [Fact]
    public async Task GetFacetsAsync_KeepsValuesThatDifferOnlyByTrailingSpacesApart()
    {
        var database = new RecordingDatabase();
        var store = new SqlServerAuditStore(database.CreateConnection, new SqlServerAuditStoreOptions());
        database.Scalar = _ => 1;
        await store.InitializeAsync();
        database.Clear();

        await store.GetFacetsAsync(new AuditFilter { ScopeTenantId = "acme" });

        var log = database.Log;
        var distinct = DistinctText().Matches(log);
        distinct.Select(match => match.Groups["column"].Value).Should().BeEquivalentTo(["actor_id", "action_type", "action"]);
        distinct.Should().AllSatisfy(match => match.Groups["exact"].Success.Should().BeTrue(
            $"'{match.Value}' must also tell the lengths apart, or values that differ by trailing spaces become one"));
        log.Should().Contain("([actor_id] = actors.actor_key AND DATALENGTH([actor_id]) = DATALENGTH(actors.actor_key))");
    }

    // SELECT DISTINCT [action], optionally followed by its length, which keeps trailing spaces apart.
    [GeneratedRegex(@"SELECT DISTINCT \[(?<column>\w+)\](?: AS \w+)?(?<exact>, DATALENGTH\(\[\k<column>\]\))?")]
    private static partial Regex DistinctText();
}
