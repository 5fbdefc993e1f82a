using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The search index that follows the audit table: writers never fill it, a search finds rows whether they are indexed
/// yet or not, the background pass catches up, and a purge takes the purged rows' texts out of it.
/// </summary>
public sealed class PostgreSqlSearchIndexTests : SchemaTest
{
    [PostgreSqlFact]
    public async Task RowsNotIndexedYet_AreFound_AndSoAreTheSameRowsOnceIndexed()
    {
        await using var store = Schema.CreateStore(o => o.IndexSearchInBackground = false);
        var records = Some.Records(12, Some.Time).Select((record, i) => record with { Description = i % 3 == 0 ? $"Wombat-{i}" : "plain" }).ToArray();
        await store.WriteAsync(records[..6]);

        (await store.GetSearchIndexProgressAsync()).Should().Be((0L, 6L), "writers leave the index to the index pass");
        (await SearchAsync(store, "wombat")).Should().BeEquivalentTo([records[0].Id, records[3].Id]);

        (await store.UpdateSearchIndexAsync()).Should().Be(6);
        await store.WriteAsync(records[6..]);

        (await store.GetSearchIndexProgressAsync()).Should().Be((6L, 12L));
        (await SearchAsync(store, "WOMBAT")).Should().BeEquivalentTo(
            [records[0].Id, records[3].Id, records[6].Id, records[9].Id], "indexed rows and the unindexed tail answer alike");
        (await store.CountAsync(new AuditFilter { Search = "ombat-" })).Should().Be(4);
        (await store.UpdateSearchIndexAsync()).Should().Be(6);
        (await SearchAsync(store, "wombat-9")).Should().Equal(records[9].Id);
    }

    [PostgreSqlFact]
    public async Task InTheBackground_TheIndexCatchesUpWithEveryCommit()
    {
        await using var store = Schema.CreateStore();
        for (var batch = 0; batch < 4; batch++)
        {
            await store.WriteAsync(Some.Records(25, seconds => Some.Time((batch * 100) + seconds)));
        }

        var progress = await PollAsync(store, p => p.IndexedThrough == 100);

        progress.Should().Be((100L, 100L));
    }

    [PostgreSqlFact]
    public async Task Purge_TakesThePurgedRowsTextsOutOfTheIndex_BeforeItReturns()
    {
        await using var store = Schema.CreateStore(o => o.IndexSearchInBackground = false);
        var old = Some.Records(5, Some.Time).Select(record => record with { Description = "Numbat secret" }).ToArray();
        var kept = Some.Records(3, seconds => Some.Time(1000 + seconds));
        await store.WriteAsync([.. old, .. kept]);
        await store.UpdateSearchIndexAsync();

        (await store.PurgeAsync(Some.Time(500), 100)).Should().Be(5);

        (await Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema.Name}\".audit_events_search_rows WHERE search_text LIKE '%Numbat%'"))
            .Should().Be(0, "a purged row's text must not stay behind in the index");
        (await Schema.ScalarAsync<long>($"SELECT count(*) FROM \"{Schema.Name}\".audit_events_search_rows")).Should().Be(3);
        (await SearchAsync(store, "numbat")).Should().BeEmpty();
    }

    [PostgreSqlFact]
    public async Task TwoInstances_FillingAtOnce_IndexEveryRowOnce()
    {
        await using var writer = Schema.CreateStore(o => o.IndexSearchInBackground = false);
        await writer.WriteAsync(Some.Records(PostgreSqlSearchRows.RowsPerPass + 7, Some.Time));
        await using var a = Schema.CreateStore(o => o.IndexSearchInBackground = false);
        await using var b = Schema.CreateStore(o => o.IndexSearchInBackground = false);

        var indexed = await Task.WhenAll(a.UpdateSearchIndexAsync(), b.UpdateSearchIndexAsync());

        indexed.Sum().Should().Be(PostgreSqlSearchRows.RowsPerPass + 7, "passes take turns under the search lock, each taking what the other left");
        (await writer.GetSearchIndexProgressAsync()).Should().Be(((long)PostgreSqlSearchRows.RowsPerPass + 7, (long)PostgreSqlSearchRows.RowsPerPass + 7));
    }

    [PostgreSqlFact]
    public async Task SearchPages_OfAFrequentAndARareTerm_OverIndexedRowsTheTailAndRowsStoredOutOfTimeOrder_AreTheExactPagesInOrder()
    {
        await using var store = Schema.CreateStore(o => o.IndexSearchInBackground = false);

        // Every other row holds the frequent term, one row in 40 the rare one; the second batch is older than the first
        // (stored later, earlier in time) and the third stays above the index's end (the unindexed tail).
        AuditRecord Row(int i, int seconds) => Some.Record(Some.Time(seconds)) with
        {
            Description = (i % 2 == 0 ? "kangaroo " : "plain ") + (i % 40 == 7 ? "platypus" : "row"),
        };
        var records = Enumerable.Range(0, 300).Select(i => Row(i, i < 100 ? 10_000 + i : i < 200 ? i : 20_000 + i)).ToArray();
        await store.WriteAsync(records[..100]);
        await store.WriteAsync(records[100..200]);
        (await store.UpdateSearchIndexAsync()).Should().Be(200);
        await store.WriteAsync(records[200..]);

        foreach (var (term, expected) in new[] { ("KANGAROO", 150), ("platypus", 8) })
        {
            var matching = records
                .Where(record => record.Description!.Contains(term, StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(record => record.OccurredAt)
                .ThenByDescending(record => record.Id.ToString("D"), StringComparer.Ordinal)
                .Select(record => record.Id)
                .ToList();
            matching.Should().HaveCount(expected);

            var paged = new List<Guid>();
            AuditPosition? after = null;
            while (true)
            {
                var page = await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = term }, after, 7));
                paged.AddRange(page.Select(record => record.Id));
                if (page.Count < 7)
                {
                    break;
                }

                after = new AuditPosition(page[^1].OccurredAt, page[^1].Id);
            }

            paged.Should().Equal(matching, $"every page of \"{term}\" is the next 7 matches in time order, wherever the rows are stored");
        }
    }

    [PostgreSqlFact]
    public async Task TheFillAndTheRewrite_StoreForEveryRowWhatTheSearchTextFunctionOfTheMigrationsReturns()
    {
        await using var store = Schema.CreateStore(o => o.IndexSearchInBackground = false);
        var full = Some.Record(Some.Time(1)) with
        {
            Actor = AuditActor.User("user-7", "Zoë \"Z\" O'Neil"),
            Description = "line one\nline two \\ back",
            Changes =
            [
                new AuditFieldChange("name", "old \"quoted\"", "new\ttabbed ünïcode"),
                new AuditFieldChange("removed", "gone", null),
                new AuditFieldChange("added", null, "{\"json\": [1, 2]}"),
            ],
            FailureReason = "invalid password",
            SourceIp = "2001:db8::1",
            TargetUser = new AuditTargetUser("user-9", "Target Name"),
        };
        AuditRecord[] records = [full, Some.SparseRecord(Some.Time(2)), Some.Record(Some.Time(3)), full with { Id = Some.Id(), Changes = [] }];
        await store.WriteAsync(records);
        (await store.UpdateSearchIndexAsync()).Should().Be(records.Length);

        await ExpectFunctionTextsAsync(records.Length);

        var dialect = new PostgreSqlAuditSqlDialect(Schema.Name);
        await using var dataSource = Schema.DataSource();
        var catchUp = new PostgreSqlSearchCatchUp(dataSource, new PostgreSqlSearchRows(dialect, Schema.Name, "audit_events"), "audit_events");
        await Schema.ExecuteAsync($"UPDATE \"{Schema.Name}\".audit_events_search_rows SET search_text = 'stale'");
        await catchUp.RewriteAsync([.. Enumerable.Range(1, records.Length).Select(seq => (long)seq)], CancellationToken.None);

        await ExpectFunctionTextsAsync(records.Length);
    }

    private async Task ExpectFunctionTextsAsync(int rows)
    {
        var arguments = string.Join(", ", PostgreSqlAuditSqlDialect.SearchTextArguments.Select(column => "a." + column));
        (await Schema.ScalarAsync<long>(
            $"SELECT count(*) FROM \"{Schema.Name}\".audit_events_search_rows AS s JOIN \"{Schema.Name}\".audit_events AS a ON a.seq = s.seq " +
            $"WHERE s.search_text = \"{Schema.Name}\".audit_events_search_text({arguments})"))
            .Should().Be(rows, "the statements write the function's body inline, which must give the same text");
    }

    private static async Task<List<Guid>> SearchAsync(PostgreSqlAuditStore store, string search) =>
        [.. (await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = search }, null, AuditStoreQuery.MaxLimit))).Select(record => record.Id)];

    private static async Task<(long IndexedThrough, long Latest)> PollAsync(PostgreSqlAuditStore store, Func<(long IndexedThrough, long Latest), bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var progress = await store.GetSearchIndexProgressAsync();
            if (done(progress) || DateTime.UtcNow > deadline)
            {
                return progress;
            }

            await Task.Delay(20);
        }
    }
}
