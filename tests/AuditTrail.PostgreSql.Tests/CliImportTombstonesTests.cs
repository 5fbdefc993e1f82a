using AuditTrail.Cli;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using static AuditTrail.PostgreSql.Tests.Support.CliRunner;

namespace AuditTrail.PostgreSql.Tests;

/// <summary><c>audittrail import</c> with <c>--postgres</c> of a segment holding tombstones: they arrive as tombstones, the store verifies, a second import adds nothing.</summary>
public sealed class CliImportTombstonesTests : IAsyncLifetime
{
    private const string SessionRule = "retention:Rules[0]";
    private readonly string _archive = Path.Combine(Path.GetTempPath(), "audittrail-pg-archive", Guid.NewGuid().ToString("N"));
    private TestSchema _live = null!;
    private TestSchema _investigation = null!;

    public async Task InitializeAsync()
    {
        _live = await TestSchema.CreateAsync();
        _investigation = await TestSchema.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _live.DisposeAsync();
        await _investigation.DisposeAsync();
        if (Directory.Exists(_archive))
        {
            Directory.Delete(_archive, recursive: true);
        }
    }

    [PostgreSqlFact]
    public async Task Import_SegmentWithTombstones_KeepsThemAsTombstones_VerifiesAndIsIdempotent()
    {
        var records = Some.Records(6, i => Some.Time(60 * i))
            .Select((record, i) => i % 2 == 1 ? record with { Action = "session.started", ActionType = AuditActionType.Authentication } : record)
            .ToArray();
        var live = _live.CreateStore();
        await live.WriteAsync(records);
        (await live.TombstoneAsync([new AuditTombstoneRequest(2, records[1].Id, SessionRule), new AuditTombstoneRequest(4, records[3].Id, SessionRule)])).Should().Be(2);
        var archived = await RunAsync(["archive", .. StoreOf(_live), "--dir", _archive, "--before", Some.Time(3600).ToString("O")]);
        archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
        var segment = Directory.GetFiles(_archive, "*.jsonl.gz").Should().ContainSingle().Subject;
        await _investigation.CreateStore().InitializeAsync();

        var first = await RunAsync(["import", segment, .. StoreOf(_investigation)]);
        var second = await RunAsync(["import", segment, .. StoreOf(_investigation)]);

        first.Exit.Should().Be(AuditTrailCommand.Valid, first.Error);
        first.Output.Should().Contain("6 record(s) added, 0 already in the store; 2 of the added as tombstones (2 in the segment)");
        second.Output.Should().Contain("0 record(s) added, 6 already in the store; 0 of the added as tombstones");
        var store = _investigation.CreateStore();
        var chain = await store.ReadChainAsync(0).ToListAsync();
        chain.Select(entry => entry.Record.Id).Should().Equal(records.Select(record => record.Id), "ids kept, in chain order");
        chain.Select(entry => entry.Tombstone).Should().Equal(null, SessionRule, null, SessionRule, null, null);
        var retention = new AuditRetentionOptions { Period = TimeSpan.FromDays(365 * 100) };
        retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = TimeSpan.FromDays(30) });
        var report = await new AuditVerifier(store, checkpoints: null, keys: null, retention, TimeProvider.System).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.Should().BeEquivalentTo(new { RowsVerified = 6L, TombstonesVerified = 2L });
        var verified = await RunAsync(["verify", .. StoreOf(_investigation), "--retention-period", "forever", "--retention-rule", "action=session.,period=30d"]);
        verified.Exit.Should().Be(AuditTrailCommand.Valid, verified.Output + verified.Error);
        verified.Output.Should().Contain("of them tombstones (expired by the retention policy): 2");
    }
}
