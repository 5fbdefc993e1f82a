using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail import</c> of a segment that holds tombstones: they arrive as tombstones, the store verifies, a second import adds nothing.</summary>
public sealed class ImportTombstonesTests : IDisposable
{
    private const string SessionRule = "retention:Rules[0]";
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private string Archive => _trail.PathOf("archive");

    /// <summary>A year by default, 30 days for sessions: the policy that made the tombstones, as the verifier is told it.</summary>
    private static AuditRetentionOptions Retention()
    {
        var retention = new AuditRetentionOptions { Period = TimeSpan.FromDays(365) };
        retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = TimeSpan.FromDays(30) });
        return retention;
    }

    [Fact]
    public async Task Import_SegmentWithTombstones_KeepsThemAsTombstones_VerifiesAndIsIdempotent()
    {
        var records = TestTrail.Hourly(Start, 6, ("server.updated", AuditActionType.Update), ("session.started", AuditActionType.Authentication));
        await _trail.WriteAsync(records);
        await using (var live = _trail.OpenStore())
        {
            (await live.TombstoneAsync([new AuditTombstoneRequest(2, records[1].Id, SessionRule), new AuditTombstoneRequest(4, records[3].Id, SessionRule)])).Should().Be(2);
        }

        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", Start.AddDays(1).ToString("O"));
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        var segment = Directory.GetFiles(Archive, "*.jsonl.gz").Should().ContainSingle().Subject;
        var investigation = _trail.PathOf("investigation.db");
        await using (var created = _trail.OpenStore(investigation))
        {
            await created.InitializeAsync();
        }

        var first = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);
        var second = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);

        first.Exit.Should().Be(AuditTrailCommand.Valid, first.Error);
        first.Output.Should().Contain("6 record(s) added, 0 already in the store; 2 of the added as tombstones (2 in the segment)");
        second.Exit.Should().Be(AuditTrailCommand.Valid, second.Error);
        second.Output.Should().Contain("0 record(s) added, 6 already in the store; 0 of the added as tombstones");
        await using var store = _trail.OpenStore(investigation);
        var chain = await store.ReadChainAsync(0).ToListAsync();
        chain.Select(entry => entry.Record.Id).Should().Equal(records.Select(record => record.Id), "ids kept, in chain order");
        chain.Select(entry => entry.Tombstone).Should().Equal(null, SessionRule, null, SessionRule, null, null);
        chain[1].Record.Actor.Id.Should().BeNullOrEmpty("a tombstone holds no personal fields");
        var report = await new AuditVerifier(store, checkpoints: null, keys: null, Retention(), TimeProvider.System).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.RowsVerified.Should().Be(6, "the emptied records were hashed as written here, so they link like any row (SQLite's range check confirms them; CliImportTombstonesTests counts them on PostgreSQL)");
    }

    [Fact]
    public async Task Import_AfterAnImportStoppedBeforeTombstoning_TombstonesTheRowsItHadWritten()
    {
        var records = TestTrail.Hourly(Start, 6, ("server.updated", AuditActionType.Update), ("session.started", AuditActionType.Authentication));
        await _trail.WriteAsync(records);
        await using (var live = _trail.OpenStore())
        {
            (await live.TombstoneAsync([new AuditTombstoneRequest(2, records[1].Id, SessionRule), new AuditTombstoneRequest(4, records[3].Id, SessionRule)])).Should().Be(2);
        }

        var archived = await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", Start.AddDays(1).ToString("O"));
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        var segment = Directory.GetFiles(Archive, "*.jsonl.gz").Should().ContainSingle().Subject;
        var investigation = _trail.PathOf("investigation.db");
        await using (var stopped = _trail.OpenStore(investigation))
        {
            // What an import killed between its writes and its tombstoning leaves: the emptied records, untombstoned.
            var entries = await new AuditArchiveReader(new DirectoryAuditArchiveSink(Archive)).ReadEntriesAsync(Path.GetFileName(segment)).ToListAsync();
            await stopped.WriteAsync([.. entries.Select(entry => entry.Record)]);
        }

        var (exit, output, error) = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("0 record(s) added, 6 already in the store; 0 of the added as tombstones, and 2 an earlier import had written but not tombstoned");
        await using var store = _trail.OpenStore(investigation);
        (await store.ReadChainAsync(0).ToListAsync()).Select(entry => entry.Tombstone).Should().Equal(null, SessionRule, null, SessionRule, null, null);
        var report = await new AuditVerifier(store, checkpoints: null, keys: null, Retention(), TimeProvider.System).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
    }

    [Fact]
    public async Task Import_IntoAStoreHoldingTheFullRecord_NeverEmptiesIt()
    {
        var records = TestTrail.Hourly(Start, 4, ("server.updated", AuditActionType.Update), ("session.started", AuditActionType.Authentication));
        var investigation = _trail.PathOf("investigation.db");
        await using (var earlier = _trail.OpenStore(investigation))
        {
            await earlier.WriteAsync([records[0], records[1]]);
        }

        await _trail.WriteAsync(records);
        await using (var live = _trail.OpenStore())
        {
            (await live.TombstoneAsync([new AuditTombstoneRequest(2, records[1].Id, SessionRule)])).Should().Be(1);
        }

        await CliRunner.RunAsync("archive", "--sqlite", _trail.Database, "--dir", Archive, "--before", Start.AddDays(1).ToString("O"));
        var segment = Directory.GetFiles(Archive, "*.jsonl.gz").Should().ContainSingle().Subject;

        var (exit, output, error) = await CliRunner.RunAsync("import", segment, "--sqlite", investigation);

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("2 record(s) added, 2 already in the store; 0 of the added as tombstones (1 in the segment)");
        await using var store = _trail.OpenStore(investigation);
        (await store.GetAsync(records[1].Id))!.Actor.Id.Should().Be(records[1].Actor.Id, "the investigation store's own full record is kept");
    }
}
