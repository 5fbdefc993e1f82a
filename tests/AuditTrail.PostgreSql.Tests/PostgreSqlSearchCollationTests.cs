using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// Search folds ASCII letters only, on a database of any collation: one whose lowering depends on the language
/// (Turkish lowers I to a dotless ı) or on the letters around (ICU lowers a final Σ to ς) finds the same rows once
/// they are indexed as before.
/// </summary>
public sealed class PostgreSqlSearchCollationTests
{
    [PostgreSqlTheory]
    [InlineData("istanbul", "ISTANBUL office")]
    [InlineData("ISTANBUL", "istanbul office")]
    [InlineData("WIKI", "Wiki page")]
    [InlineData("limit", "LIMIT reached")]
    [InlineData("ΒΑΣ", "ΒΑΣΑ page")]
    public async Task Search_OnATurkishIcuDatabase_FindsAsciiCaseVariants_IndexedOrNot(string term, string description)
    {
        await using var database = await TemporaryDatabase.CreateAsync("TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'tr-TR'");
        (await database.ScalarAsync<string>("SELECT lower('I')")).Should().Be("ı", "the database lowers as Turkish does");
        await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
        await using var store = new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { IndexSearchInBackground = false });
        var records = Some.Records(3, Some.Time).ToArray();
        records[1] = records[1] with { Description = description };
        await store.WriteAsync(records);
        var search = new AuditFilter { Search = term };

        var unindexed = (await store.QueryAsync(new AuditStoreQuery(search, null, 10))).Select(record => record.Id).ToList();
        (await store.UpdateSearchIndexAsync()).Should().Be(3);
        var indexed = (await store.QueryAsync(new AuditStoreQuery(search, null, 10))).Select(record => record.Id).ToList();

        unindexed.Should().Equal([records[1].Id], "'{0}' is in '{1}' but for the case of ASCII letters", term, description);
        indexed.Should().Equal(unindexed, "results are the same whether a row is indexed yet or not");
        (await store.CountUpToAsync(search, 10)).Should().Be(1);
        (await store.CountAsync(search)).Should().Be(1);
    }
}
