using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// A tombstone takes its row's text out of the search table too, on either layout, also when the pass that made it
/// stopped before the search table was updated (cancelled, failed) and the next retention pass runs.
/// </summary>
public sealed class PostgreSqlSearchTombstoneTests : SchemaTest
{
    [PostgreSqlTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TombstoneAsync_AgainAfterAPassStoppedBeforeItsSearchUpdate_LeavesNoneOfTheRowsTextInTheSearchTable(bool partitioned)
    {
        await using var store = await IndexedNumbatAsync(partitioned);
        var requests = await RequestsAsync(store);

        // Another instance's search pass holds the search lock; this pass is cancelled while it waits for it.
        await using (var other = await TestDatabase.OpenUnpooledAsync(Schema.ConnectionString))
        {
            await using (var take = other.CreateCommand())
            {
                take.CommandText = $"SELECT pg_advisory_lock(hashtextextended('audittrail.search:{Schema.Name}.audit_events', 0))";
                await take.ExecuteNonQueryAsync();
            }

            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            var stopped = () => ((IAuditTombstoneStore)store).TombstoneAsync(requests, cancel.Token);
            await stopped.Should().ThrowAsync<OperationCanceledException>();
        }

        // The next retention pass.
        await ((IAuditTombstoneStore)store).TombstoneAsync(requests);

        (await Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema.Name}\".audit_events WHERE tombstone IS NOT NULL")).Should().Be(4);
        (await NumbatSearchRowsAsync()).Should().Be(0, "a tombstoned row's text must not stay behind in the search table");
        (await store.CountAsync(new AuditFilter { Search = "Numbat" })).Should().Be(0);
        (await store.CountAsync(new AuditFilter { Search = "203.0.113.9" })).Should().Be(0);
        (await store.GetFacetsAsync(new AuditFilter())).Actors.Should().NotContain(actor => actor.Id == "u-nina" || actor.DisplayName == "Nina Numbat");
    }

    [PostgreSqlTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TombstoneAsync_OfIndexedRows_LeavesNoneOfTheirTextInTheSearchTable(bool partitioned)
    {
        await using var store = await IndexedNumbatAsync(partitioned);

        (await ((IAuditTombstoneStore)store).TombstoneAsync(await RequestsAsync(store))).Should().Be(4);

        (await NumbatSearchRowsAsync()).Should().Be(0);
        (await Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema.Name}\".audit_events_search_rows")).Should().Be(4, "a tombstone stays in the search table with what it keeps");
    }

    /// <summary>A store (plain or partitioned) with four indexed records of Nina Numbat, her address and user agent.</summary>
    private async Task<PostgreSqlAuditStore> IndexedNumbatAsync(bool partitioned)
    {
        var store = Schema.CreateStore(o =>
        {
            o.IndexSearchInBackground = false;
            if (partitioned)
            {
                o.Partitioning = new PostgreSqlPartitioningOptions();
            }
        });
        await store.WriteAsync(TombstoneRequests.NinaNumbat(4));
        (await store.UpdateSearchIndexAsync()).Should().Be(4);
        return store;
    }

    private static Task<AuditTombstoneRequest[]> RequestsAsync(PostgreSqlAuditStore store) => TombstoneRequests.ForEveryRowAsync(store);

    /// <summary>The rows of the search table that still hold her name, id, address, user agent or description.</summary>
    private Task<long> NumbatSearchRowsAsync() => Schema.ScalarAsync<long>(
        $"SELECT count(*) FROM \"{Schema.Name}\".audit_events_search_rows WHERE search_text ILIKE '%numbat%' OR search_text LIKE '%203.0.113.9%' OR search_text LIKE '%u-nina%' OR search_text ILIKE '%termite%'");
}
