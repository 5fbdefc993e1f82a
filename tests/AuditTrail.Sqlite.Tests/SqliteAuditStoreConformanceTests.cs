using AuditTrail.Conformance;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The store conformance suite against a real SQLite file per test, with default options: the background indexer
/// races the test's reads, so each search sees some rows indexed and the rest in the unindexed tail.
/// </summary>
public sealed class SqliteAuditStoreConformanceTests : SqliteAuditStoreConformanceTestsBase
{
}

/// <summary>
/// The store conformance suite with the search index never filled: every search reads the whole table as the
/// unindexed tail, with <c>LIKE</c> alone.
/// </summary>
public sealed class SqliteAuditStoreUnindexedConformanceTests : SqliteAuditStoreConformanceTestsBase
{
    protected override void Configure(SqliteAuditStoreOptions options) => options.IndexSearchInBackground = false;
}

/// <summary>
/// The store conformance suite with every write indexed before the test reads on: searches go through the
/// full-text index alone (the unindexed tail is empty).
/// </summary>
public sealed class SqliteAuditStoreIndexedConformanceTests : SqliteAuditStoreConformanceTestsBase
{
    protected override void Configure(SqliteAuditStoreOptions options) => options.IndexSearchInBackground = false;

    protected override async Task WriteAsync(params AuditRecord[] records)
    {
        await base.WriteAsync(records);
        await SqliteStore.UpdateSearchIndexAsync();
        (await SqliteStore.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0, "the test reads only indexed rows");
    }
}

/// <summary>The conformance suite over a SQLite file of its own per test; the store is disposed (its indexer stopped) before the file is deleted.</summary>
public abstract class SqliteAuditStoreConformanceTestsBase : AuditStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private SqliteAuditStore? _store;

    /// <summary>The store under test, as the SQLite store.</summary>
    protected SqliteAuditStore SqliteStore => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Adjusts the options of the store under test.</summary>
    protected virtual void Configure(SqliteAuditStoreOptions options)
    {
    }

    protected override bool CountsSearchInSteps => true;

    protected override Task<IAuditStore> CreateStoreAsync()
    {
        _store = _database.CreateStore(Configure);
        return Task.FromResult<IAuditStore>(_store);
    }

    /// <summary>Disposes the store (stopping its background indexer), then deletes the files.</summary>
    public void Dispose()
    {
        _store?.Dispose();
        _database.Dispose();
        GC.SuppressFinalize(this);
    }
}
