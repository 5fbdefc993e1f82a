using AuditTrail.Conformance.Support;
using FluentAssertions;
using FluentAssertions.Equivalency;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// The behaviour every <see cref="IAuditStore"/> must have, run against a real store. A store's test project
/// derives from this class and returns a fresh, isolated, empty store from <see cref="CreateStoreAsync"/>;
/// the store is not initialized, so the tests also cover lazy initialization.
/// </summary>
public abstract partial class AuditStoreConformanceTests : IAsyncLifetime
{
    private IAuditStore? _store;

    /// <summary>The store under test, created before each test.</summary>
    protected IAuditStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Creates a fresh, isolated, empty store for one test; the derived class cleans it up in <see cref="DisposeAsync"/>.</summary>
    protected abstract Task<IAuditStore> CreateStoreAsync();

    /// <summary>
    /// Whether the store counts a search in steps, so that <see cref="IAuditStore.CountWithinAsync"/> can stop between
    /// them (a relational store whose dialect has an indexed search); otherwise a count is one statement.
    /// </summary>
    protected virtual bool CountsSearchInSteps => false;

    /// <inheritdoc />
    public virtual async Task InitializeAsync() => _store = await CreateStoreAsync();

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Compares records field by field (the record type's own equality compares lists by reference).</summary>
    protected static void ShouldBeSameRecord(AuditRecord? actual, AuditRecord expected)
    {
        if (actual is null)
        {
            throw new Xunit.Sdk.XunitException($"Expected the record {expected.Id}, but the store returned null.");
        }

        actual.Should().BeEquivalentTo(expected, RecordEquivalency);
        actual.OccurredAt.UtcTicks.Should().Be(expected.OccurredAt.UtcTicks, "times round-trip exactly");
        actual.RecordedAt.UtcTicks.Should().Be(expected.RecordedAt.UtcTicks, "times round-trip exactly");
        actual.OccurredAt.Offset.Should().Be(TimeSpan.Zero, "stores return UTC");
        actual.RecordedAt.Offset.Should().Be(TimeSpan.Zero, "stores return UTC");
        actual.Metadata.Keys.Should().Equal(expected.Metadata.Keys.Order(StringComparer.Ordinal), "metadata is ordered by key");
    }

    /// <summary>Compares lists of records in order, field by field.</summary>
    protected static void ShouldBeSameRecords(IEnumerable<AuditRecord> actual, IEnumerable<AuditRecord> expected)
    {
        var actualList = actual.ToList();
        var expectedList = expected.ToList();
        actualList.Select(record => record.Id).Should().Equal(expectedList.Select(record => record.Id));
        for (var i = 0; i < expectedList.Count; i++)
        {
            ShouldBeSameRecord(actualList[i], expectedList[i]);
        }
    }

    private static EquivalencyAssertionOptions<AuditRecord> RecordEquivalency(EquivalencyAssertionOptions<AuditRecord> options) =>
        options.ComparingByMembers<AuditRecord>().WithStrictOrdering();

    /// <summary>Writes records, one batch; a store's test class may override it to do more after each write (index, sync).</summary>
    protected virtual Task WriteAsync(params AuditRecord[] records) => Store.WriteAsync(records);

    /// <summary>The first (and, in these tests, only) page of a filter, up to the largest page size.</summary>
    protected async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditFilter filter) =>
        await Store.QueryAsync(new AuditStoreQuery(filter, null, AuditQuery.MaxLimit));

    /// <summary>Every record of a stream.</summary>
    protected async Task<List<AuditRecord>> StreamAllAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in Store.StreamAsync(filter, cancellationToken))
        {
            records.Add(record);
        }

        return records;
    }

    /// <summary>Reads a filter page by page, following each page's last record, and returns every id seen.</summary>
    protected async Task<List<Guid>> PageThroughAsync(AuditFilter filter, int pageSize, Func<int, Task>? afterEachPage = null)
    {
        var ids = new List<Guid>();
        var seen = new HashSet<Guid>();
        AuditPosition? after = null;
        for (var pageNumber = 0; ; pageNumber++)
        {
            var page = await Store.QueryAsync(new AuditStoreQuery(filter, after, pageSize));
            page.Count.Should().BeLessThanOrEqualTo(pageSize);
            foreach (var record in page)
            {
                // Fail at the first repeat: a store that does not move past the position would page forever.
                seen.Add(record.Id).Should().BeTrue($"record {record.Id} came back again on page {pageNumber}");
                ids.Add(record.Id);
            }

            if (page.Count == 0)
            {
                return ids;
            }

            after = new AuditPosition(page[^1].OccurredAt, page[^1].Id);
            if (afterEachPage is not null)
            {
                await afterEachPage(pageNumber);
            }
        }
    }

    /// <summary>
    /// Asserts that <paramref name="filter"/> selects exactly <paramref name="expected"/> through every read:
    /// query (in newest-first order), count, the count up to a limit (above, at and below the number) and stream.
    /// </summary>
    protected async Task ShouldMatchAsync(AuditFilter filter, params AuditRecord[] expected)
    {
        var expectedIds = AuditOrder.NewestFirstIds(expected);
        (await QueryAsync(filter)).Select(record => record.Id).Should().Equal(expectedIds, "QueryAsync applies the filter");
        (await Store.CountAsync(filter)).Should().Be(expected.Length, "CountAsync applies the filter");
        (await Store.CountUpToAsync(filter, expected.Length + 1)).Should().Be(expected.Length, "CountUpToAsync applies the filter");
        if (expected.Length > 1)
        {
            (await Store.CountUpToAsync(filter, expected.Length - 1)).Should().Be(expected.Length - 1, "CountUpToAsync stops at the limit");
        }
        (await StreamAllAsync(filter)).Select(record => record.Id).Should().Equal(expectedIds, "StreamAsync applies the filter");
    }
}
