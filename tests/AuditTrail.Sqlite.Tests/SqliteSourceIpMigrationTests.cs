using AuditTrail.Conformance.Support;
using AuditTrail.Relational;
using AuditTrail.Sqlite.Tests.Support;
using AuditTrail.Sqlite.Search;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The migration of stored source IPs on SQLite's own paths: the range checker (the verifier's fast path) confirms the
/// rewritten rows from their columns and refuses an edit of either column, and the search index, which holds the text
/// it was given, finds the rewritten rows by their canonical form.
/// </summary>
public sealed class SqliteSourceIpMigrationTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Migrated_RewrittenRows_AreConfirmedByTheRangeChecker_AndFoundThroughTheSearchIndex()
    {
        var old = await WriteOldFormsAndMigrateAsync();
        var store = _database.CreateStore(o => o.IndexSearchInBackground = false);
        var head = (await store.GetHeadAsync())!;

        var result = await store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, AuditChain.GenesisHash.ToArray(), new Dictionary<long, byte[]>()));
        result.Confirmed.Should().BeTrue("the checker hashes source_ip_as_hashed in the place of source_ip");
        result.LastHash.Should().Equal(head.Hash);

        (await store.GetSearchIndexStatusAsync()).UnindexedRows.Should().Be(0, "the rows were indexed before the migration");
        foreach (var (canonical, _) in SourceIpForms.ByAddress)
        {
            var found = await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Search = canonical }, null, 500));
            found.Select(r => r.Id).Should().BeEquivalentTo(
                old.Where(row => row.Canonical.Contains(canonical, StringComparison.OrdinalIgnoreCase)).Select(row => row.Id),
                $"the index holds the rewritten text of every row of {canonical}");
        }
    }

    [Theory]
    [InlineData("source_ip = '203.0.113.78'")]
    [InlineData("source_ip = source_ip_as_hashed")]
    [InlineData("source_ip_as_hashed = '::ffff:203.0.113.78'")]
    [InlineData("source_ip_as_hashed = NULL")]
    public async Task Migrated_RewrittenRowEdited_IsNotConfirmed_AndTheVerifierNamesIt(string assignment)
    {
        var old = await WriteOldFormsAndMigrateAsync();
        var store = _database.CreateStore();
        var head = (await store.GetHeadAsync())!;
        var target = old.FindIndex(row => row.Form == "::ffff:203.0.113.77") + 1;
        _database.Execute("DROP TRIGGER IF EXISTS audit_events_append_only");

        _database.Execute($"UPDATE audit_events SET {assignment} WHERE seq = {target}");

        var result = await store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, AuditChain.GenesisHash.ToArray(), new Dictionary<long, byte[]>()));
        result.Confirmed.Should().BeFalse();
        var report = await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync();
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(target);
        report.Problem.EventId.Should().Be(old[target - 1].Id);
    }

    [Fact]
    public async Task Migration_FailingHalfway_LeavesTheFileAsItWas_AndTheNextStartCompletesIt()
    {
        var old = await WriteOldFormsAndMigrateAsync();

        // A fault in the middle of the rewrite (after some rows were updated): a trigger that aborts one row's update.
        _database.Execute("CREATE TRIGGER fault BEFORE UPDATE ON audit_events WHEN old.seq = 12 BEGIN SELECT RAISE(ABORT, 'fault'); END");
        var failing = _database.CreateStore();
        await FluentActions.Awaiting(() => failing.GetHeadAsync()).Should().ThrowAsync<Exception>();

        _database.Scalar<long>($"SELECT count(*) FROM pragma_table_info('audit_events') WHERE name = '{AuditColumns.SourceIpAsHashed}'").Should().Be(0);
        _database.Scalar<string>("SELECT source_ip FROM audit_events WHERE seq = 2").Should().Be(old[1].Form, "the rows rewritten before the fault were rolled back");
        _database.Execute("DROP TRIGGER fault");

        var store = _database.CreateStore();
        (await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync()).Problem.Should().BeNull();
        (await store.GetAsync(old[1].Id))!.SourceIp.Should().Be(old[1].Canonical);
        _database.Scalar<long>("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_events_append_only'").Should().Be(1);
    }

    /// <summary>
    /// Writes one row per form straight through the store (stored as given, as before the migration), indexes them,
    /// takes the file back to the schema before the migration, and opens it again, which migrates.
    /// </summary>
    private async Task<List<(Guid Id, string Canonical, string Form)>> WriteOldFormsAndMigrateAsync()
    {
        var rows = new List<(Guid Id, string Canonical, string Form)>();
        var store = _database.CreateStore(o => o.IndexSearchInBackground = false);
        var time = 0;
        foreach (var (canonical, forms) in SourceIpForms.ByAddress)
        {
            foreach (var form in forms)
            {
                var record = Some.Record(Some.Time(time++)) with { SourceIp = form };
                await store.WriteAsync([record]);
                rows.Add((record.Id, canonical, form));
            }
        }

        await store.UpdateSearchIndexAsync();
        await store.DisposeAsync();

        // Back to before the source IP migration: the tombstone migration's columns and trigger go too (SQLite drops no
        // column a trigger names), and the migrations after it run again.
        _database.Execute("DROP TRIGGER IF EXISTS audit_events_append_only");
        _database.Execute($"ALTER TABLE audit_events DROP COLUMN {AuditColumns.Tombstone}");
        _database.Execute($"ALTER TABLE audit_events DROP COLUMN {AuditColumns.ContentDigest}");
        _database.Execute($"ALTER TABLE audit_events DROP COLUMN {AuditColumns.SourceIpAsHashed}");
        _database.Execute($"DELETE FROM {AuditSql.SchemaVersionTable} WHERE description = '{AuditSchemaMigration.CanonicalSourceIpsDescription}'");
        _database.Execute($"DELETE FROM {AuditSql.SchemaVersionTable} WHERE version > {SqliteSearchMigrations.CanonicalSourceIpsVersion}");
        return rows;
    }
}
