using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>An erasure takes the person's name, address and user agent out of the search table too, on either layout.</summary>
public sealed class PostgreSqlSearchErasureTests : SchemaTest
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [PostgreSqlTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EraseAsync_OfIndexedRows_LeavesNoneOfThePersonsTextInTheSearchTable(bool partitioned)
    {
        await using var store = await IndexedErinAsync(partitioned);

        await ((IAuditErasureStore)store).EraseAsync("u-erin", AuditPseudonym.For(Key, "u-erin"));

        (await ErinsSearchRowsAsync()).Should().Be(0, "an erased person's text must not stay behind in the search table");
        (await store.CountAsync(new AuditFilter { Search = "Wombat" })).Should().Be(0);
        (await store.CountAsync(new AuditFilter { Search = "198.51.100.7" })).Should().Be(0);
    }

    [PostgreSqlTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EraseAsync_AgainAfterARewriteWhoseSearchUpdateNeverRan_LeavesNoneOfThePersonsTextInTheSearchTable(bool partitioned)
    {
        await using var store = await IndexedErinAsync(partitioned);
        var pseudonym = AuditPseudonym.For(Key, "u-erin");

        // The rows' rewrite committed, and the process stopped (killed, Ctrl-C) before the search table was given their new text.
        await Schema.ExecuteAsync(
            $"UPDATE \"{Schema.Name}\".audit_events SET actor_id = '{pseudonym}', actor_name = NULL, source_ip = NULL, source_ip_as_hashed = NULL, user_agent = NULL WHERE actor_id = 'u-erin'");

        var again = await ((IAuditErasureStore)store).EraseAsync("u-erin", pseudonym);

        again.Rewritten.Should().Be(0);
        again.RowCount.Should().Be(4);
        (await ErinsSearchRowsAsync()).Should().Be(0, "running the erasure again must finish what the interrupted one left in the search table");
    }

    /// <summary>A store (plain or partitioned) with four indexed records of Erin Wombat, her address and user agent.</summary>
    private async Task<PostgreSqlAuditStore> IndexedErinAsync(bool partitioned)
    {
        var store = Schema.CreateStore(o =>
        {
            o.IndexSearchInBackground = false;
            if (partitioned)
            {
                o.Partitioning = new PostgreSqlPartitioningOptions();
            }
        });
        var records = Some.Records(4, Some.Time).Select(record => record with
        {
            Actor = AuditActor.User("u-erin", "Erin Wombat"),
            SourceIp = "198.51.100.7",
            UserAgent = "WombatBrowser/1.0",
            Description = "plain",
        }).ToArray();
        await store.WriteAsync(records);
        (await store.UpdateSearchIndexAsync()).Should().Be(4);
        return store;
    }

    /// <summary>The rows of the search table that still hold her name, address or id.</summary>
    private Task<long> ErinsSearchRowsAsync() => Schema.ScalarAsync<long>(
        $"SELECT count(*) FROM \"{Schema.Name}\".audit_events_search_rows WHERE search_text ILIKE '%wombat%' OR search_text LIKE '%198.51.100.7%' OR search_text LIKE '%u-erin%'");
}
