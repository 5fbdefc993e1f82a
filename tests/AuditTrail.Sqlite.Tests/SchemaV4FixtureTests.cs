using AuditTrail.Sqlite.Tests.Fixtures;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// A trail written by the code before the search index moved into the database (<see cref="SchemaV4Fixture"/>), opened
/// by the current code: it verifies, reads back field by field and searches.
/// </summary>
public sealed class SchemaV4FixtureTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task OldTrail_OpenedByTheCurrentCode_VerifiesReadsBackAndSearches()
    {
        CopyFixture();
        var store = _database.CreateStore();
        var kept = SchemaV4Fixture.AllWritten()[SchemaV4Fixture.Purged..];

        var report = await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync();
        report.Problem.Should().BeNull();
        report.RowsVerified.Should().Be(kept.Length);
        report.Anchor!.Sequence.Should().Be(SchemaV4Fixture.Purged);
        report.LastSequence.Should().Be(SchemaV4Fixture.Written);

        (await store.CountAsync(new AuditFilter())).Should().Be(kept.Length);
        (await store.CountAsync(new AuditFilter { TenantId = "tenant-α" })).Should().Be(kept.Count(r => r.TenantId == "tenant-α"));
        (await store.GetAsync(SchemaV4Fixture.Record(SchemaV4Fixture.Purged - 1).Id)).Should().BeNull("it was purged");
        foreach (var index in new[] { SchemaV4Fixture.Purged, 33, 120, 144, 200, 297, SchemaV4Fixture.Written - 1 })
        {
            var expected = SchemaV4Fixture.Record(index);
            var stored = await store.GetAsync(expected.Id);
            stored.Should().BeEquivalentTo(expected, options => options.WithStrictOrdering(), $"record {index} was written so");
        }

        await AssertSearchesAsync(store, kept);
    }

    [Fact]
    public async Task OldTrail_SearchesTheSame_BeforeAndAfterItsIndexCatchesUp()
    {
        CopyFixture();
        var store = _database.CreateStore(options => options.IndexSearchInBackground = false);
        var kept = SchemaV4Fixture.AllWritten()[SchemaV4Fixture.Purged..];

        await AssertSearchesAsync(store, kept);
        (await store.UpdateSearchIndexAsync()).Should().Be(kept.Length, "the migration starts the index empty and the catch-up fills it from the table");
        var status = await store.GetSearchIndexStatusAsync();
        status.UnindexedRows.Should().Be(0);
        status.FilePath.Should().Be(_database.Path);
        await AssertSearchesAsync(store, kept);

        // Migrated: the index is in the database, and the old index file is gone.
        _database.Scalar<long>("SELECT max(version) FROM audit_trail_schema WHERE table_name = 'audit_events'").Should().Be(6);
        _database.Scalar<long>("SELECT count(*) FROM audit_events_search WHERE audit_events_search MATCH '\"wombat\"'").Should().Be(kept.Count(r => r.Description?.StartsWith("Wombat", StringComparison.Ordinal) == true));
        File.Exists(_database.LegacySearchIndexPath).Should().BeFalse();
    }

    /// <summary>Known words in each searched field, in indexed rows and in the rows the old index file did not cover.</summary>
    private static async Task AssertSearchesAsync(SqliteAuditStore store, AuditRecord[] kept)
    {
        (await store.CountAsync(new AuditFilter { Search = "wombat" })).Should().Be(kept.Count(r => r.Description?.StartsWith("Wombat", StringComparison.Ordinal) == true));
        (await store.CountAsync(new AuditFilter { Search = "pangolin" })).Should().Be(kept.Count(r => r.Changes.Any(c => c.NewValue == "pangolin")));
        (await store.CountAsync(new AuditFilter { Search = "Ångström" })).Should().Be(kept.Count(r => r.Actor.Id == "u-zoe"));
        (await store.CountAsync(new AuditFilter { Search = "<b>bold</b> & \"quoted\"" })).Should().Be(kept.Count(r => r.Description?.Contains("<b>", StringComparison.Ordinal) == true));
        (await store.CountAsync(new AuditFilter { Search = "web-012 日本語" })).Should().Be(kept.Count(r => r.Resource?.Name == "web-012 日本語"));
        (await store.CountAsync(new AuditFilter { Search = "quota «" })).Should().Be(kept.Count(r => r.FailureReason is not null));

        // The newest rows: not in the old index file.
        var newest = SchemaV4Fixture.Record(SchemaV4Fixture.Written - 2);
        var page = await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = "Routine change 298" }, null, 50));
        page.Select(r => r.Id).Should().Equal(newest.Id);

        var wombats = await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = "WOMBAT sighting" }, null, 5));
        wombats.Select(r => r.Id).Should().Equal(new[] { 290, 280, 270, 260, 250 }.Select(i => SchemaV4Fixture.Record(i).Id), "newest first");
    }

    /// <summary>Copies the fixture's files (the database, and the search index file the old code kept beside it, if any) to the temporary database.</summary>
    private void CopyFixture()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", SchemaV4Fixture.FileName);
        File.Copy(source, _database.Path);
        if (File.Exists(source + "-search"))
        {
            File.Copy(source + "-search", _database.Path + "-search");
        }
    }
}
