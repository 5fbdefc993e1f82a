using AuditTrail.Conformance.Support;
using FluentAssertions;

namespace AuditTrail.Sqlite.Tests.Support;

/// <summary>Search checks shared by the search index tests: every read path, and a bounded wait for the index's status.</summary>
public static class SearchAssertions
{
    /// <summary>Asserts that a search selects exactly <paramref name="expected"/> through count, count up to a limit, pages of 3, one large page and stream.</summary>
    public static async Task ShouldFindAsync(SqliteAuditStore store, string search, params AuditRecord[] expected)
    {
        var filter = new AuditFilter { Search = search };
        var expectedIds = AuditOrder.NewestFirstIds(expected);
        (await store.CountAsync(filter)).Should().Be(expected.Length, $"CountAsync finds '{search}'");
        (await store.CountUpToAsync(filter, expected.Length + 1)).Should().Be(expected.Length, $"CountUpToAsync finds '{search}'");
        if (expected.Length > 1)
        {
            (await store.CountUpToAsync(filter, expected.Length - 1)).Should().Be(expected.Length - 1, $"CountUpToAsync stops at the limit for '{search}'");
        }
        (await PageThroughAsync(store, filter, 3)).Should().Equal(expectedIds, $"pages of QueryAsync find '{search}'");
        (await store.QueryAsync(new AuditStoreQuery(filter, null, AuditStoreQuery.MaxLimit))).Select(record => record.Id).Should().Equal(expectedIds);
        (await StreamAllAsync(store, filter)).Should().Equal(expectedIds, $"StreamAsync finds '{search}'");
    }

    /// <summary>Every id of a filter, page by page, each page following the last record of the one before.</summary>
    public static async Task<List<Guid>> PageThroughAsync(SqliteAuditStore store, AuditFilter filter, int pageSize)
    {
        var ids = new List<Guid>();
        AuditPosition? after = null;
        while (true)
        {
            var page = await store.QueryAsync(new AuditStoreQuery(filter, after, pageSize));
            page.Count.Should().BeLessThanOrEqualTo(pageSize);
            ids.AddRange(page.Select(record => record.Id));
            if (page.Count < pageSize)
            {
                return ids;
            }

            after = new AuditPosition(page[^1].OccurredAt, page[^1].Id);
        }
    }

    /// <summary>Every id of a filter, through <see cref="SqliteAuditStore.StreamAsync"/>.</summary>
    public static async Task<List<Guid>> StreamAllAsync(SqliteAuditStore store, AuditFilter filter)
    {
        var ids = new List<Guid>();
        await foreach (var record in store.StreamAsync(filter))
        {
            ids.Add(record.Id);
        }

        return ids;
    }

    /// <summary>The index's status once it meets <paramref name="condition"/>, polled for at most ten seconds.</summary>
    public static async Task<SqliteSearchIndexStatus> PollStatusAsync(SqliteAuditStore store, Func<SqliteSearchIndexStatus, bool> condition, string because)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var status = await store.GetSearchIndexStatusAsync();
            if (condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {because}; the latest status was {status}.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Whether the index file is consistent with itself (FTS5's integrity check throws when not).</summary>
    public static void CheckIndexIntegrity(TemporaryDatabase database, string indexTable = "audit_events_search") =>
        database.IndexExecute($"INSERT INTO \"{indexTable}\"(\"{indexTable}\") VALUES ('integrity-check')");
}
