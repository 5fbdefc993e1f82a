using System.Text;
using AuditTrail.Spool;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuditTrail.Tests.Spool;

/// <summary>The spool file format and its crash behaviour: torn last lines, damaged lines, lanes, size limit.</summary>
public sealed class FileAuditSpoolTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly List<AuditFailure> _reports = [];

    public void Dispose() => _directory.Dispose();

    private async Task<FileAuditSpool> OpenAsync(long maxBytes = AuditSpoolOptions.DefaultMaxSizeBytes)
    {
        var spool = new FileAuditSpool(_directory.Path, maxBytes, NullLogger.Instance, _reports.Add);
        await spool.OpenAsync();
        return spool;
    }

    private static AuditRecord Record(int i) => new()
    {
        Id = Guid.CreateVersion7(),
        OccurredAt = new DateTimeOffset(2026, 11, 20, 14, 34, 0, TimeSpan.Zero).AddTicks(i * 10),
        RecordedAt = new DateTimeOffset(2026, 11, 20, 14, 34, 1, TimeSpan.Zero),
        Actor = AuditActor.User("u-john", "John Davis"),
        Action = "server.updated",
        ActionType = AuditActionType.Update,
        Outcome = AuditOutcome.Failure,
        FailureReason = "denied",
        Resource = new AuditResource("server", "srv-3", "web-03"),
        Description = $"#{i} line\nbreak \"quoted\" \u00e9\u4e2d",
        Changes = [new AuditFieldChange("load_multiplier", "1.0", "1.5"), new AuditFieldChange("note", null, "x")],
        SourceIp = "203.0.113.10",
        UserAgent = "Agent/1.0",
        CorrelationId = "corr",
        TenantId = "t1",
        Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["b"] = "2", ["a"] = "1" },
    };

    private static async Task<List<AuditRecord>> ReplayAllAsync(FileAuditSpool spool, int batchSize = 100)
    {
        var replayed = new List<AuditRecord>();
        await spool.ReplayAsync((batch, _) =>
        {
            replayed.AddRange(batch);
            return Task.CompletedTask;
        }, batchSize, CancellationToken.None);
        return replayed;
    }

    private string[] Segments(string pattern = "*.spool") => Directory.GetFiles(_directory.Path, pattern, SearchOption.AllDirectories);

    [Fact]
    public async Task AppendThenReplay_ReturnsEveryFieldOfEveryRecord_InOrder_AndDeletesTheSegment()
    {
        using var spool = await OpenAsync();
        var records = Enumerable.Range(0, 5).Select(Record).ToList();

        await spool.AppendAsync(records[..2]);
        await spool.AppendAsync(records[2..]);
        spool.PendingEvents.Should().Be(5);
        var replayed = await ReplayAllAsync(spool, batchSize: 2);

        replayed.Should().BeEquivalentTo(records, o => o.WithStrictOrdering());
        replayed[0].Metadata.Keys.Should().Equal("a", "b");
        spool.PendingEvents.Should().Be(0);
        Segments().Should().BeEmpty();
    }

    [Fact]
    public void Line_HasTheDocumentedHeader()
    {
        var line = Encoding.UTF8.GetString(SpoolLineCodec.Encode(Record(1)));

        line.Should().MatchRegex(@"^v1 [0-9]+ [0-9a-f]{16} \{.*\}\n$");
        line.Count(c => c == '\n').Should().Be(1, "a record's own line breaks are escaped in its JSON");
    }

    [Fact]
    public async Task TornLastLine_FromACrashDuringAnAppend_IsSkippedQuietly_AndTheRestIsReplayed()
    {
        var records = Enumerable.Range(0, 3).Select(Record).ToList();
        using (var crashed = await OpenAsync())
        {
            await crashed.AppendAsync(records);
        }

        var segment = Segments().Single();
        var torn = SpoolLineCodec.Encode(Record(99));
        await using (var file = new FileStream(segment, FileMode.Append))
        {
            await file.WriteAsync(torn.AsMemory(0, torn.Length / 2));
        }

        using var restarted = await OpenAsync();
        restarted.PendingEvents.Should().Be(3, "only whole lines count");
        var replayed = await ReplayAllAsync(restarted);

        replayed.Select(r => r.Id).Should().Equal(records.Select(r => r.Id));
        _reports.Should().BeEmpty("a torn last line is the expected trace of a crash, not damage");
        Segments("*").Where(f => !f.EndsWith("lane.lock", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Fact]
    public async Task ZeroFilledTail_FromAPowerLossDuringAnAppend_IsSkippedQuietly_AndTheRestIsReplayed()
    {
        // A file system that had grown the file but not yet written its data when the power went leaves zeros there.
        var records = Enumerable.Range(0, 3).Select(Record).ToList();
        using (var crashed = await OpenAsync())
        {
            await crashed.AppendAsync(records);
        }

        var segment = Segments().Single();
        await File.AppendAllBytesAsync(segment, new byte[8192]);

        using var restarted = await OpenAsync();
        restarted.PendingEvents.Should().Be(3, "zeros hold no whole line");
        var replayed = await ReplayAllAsync(restarted);

        replayed.Select(r => r.Id).Should().Equal(records.Select(r => r.Id));
        _reports.Should().BeEmpty("zeros after the last synced line are the trace of an append never acknowledged, not damage");
        Segments("*").Where(f => !f.EndsWith("lane.lock", StringComparison.Ordinal)).Should().BeEmpty();
        restarted.PendingEvents.Should().Be(0);
    }

    [Fact]
    public async Task SegmentsWithoutAWholeLine_FromACrashBeforeTheirFirstAppendWasSynced_AreRemovedAtOpen_InEveryLane()
    {
        // A process killed after creating a segment (its directory entry synced) but before its first append was
        // synced leaves an empty segment, or half a line: no event in it was acknowledged, and with no whole line
        // pending no replay would ever run to delete it.
        var records = Enumerable.Range(0, 2).Select(Record).ToList();
        using (var crashed = await OpenAsync())
        {
            await crashed.AppendAsync(records);
        }

        var withEvents = Segments().Single();
        var lane = Path.GetDirectoryName(withEvents)!;
        var torn = SpoolLineCodec.Encode(Record(99));
        await File.WriteAllBytesAsync(Path.Combine(lane, "000000000002.spool"), torn.AsMemory(0, torn.Length / 2).ToArray());
        var otherLane = Path.Combine(_directory.Path, "lane-1");
        Directory.CreateDirectory(otherLane);
        await File.WriteAllBytesAsync(Path.Combine(otherLane, "000000000001.spool"), []);

        using var restarted = await OpenAsync();

        Segments().Should().Equal([withEvents], "only the segment holding whole lines is left");
        restarted.PendingEvents.Should().Be(2);
        (await ReplayAllAsync(restarted)).Select(r => r.Id).Should().Equal(records.Select(r => r.Id));
        Segments().Should().BeEmpty();
        _reports.Should().BeEmpty("a segment without events is the expected trace of a crash, not damage");
    }

    [Fact]
    public async Task DamagedLine_IsNotReplayed_TheOthersAre_AndTheSegmentIsKeptForInspection()
    {
        var records = Enumerable.Range(0, 3).Select(Record).ToList();
        using (var first = await OpenAsync())
        {
            await first.AppendAsync(records);
        }

        var segment = Segments().Single();
        var bytes = await File.ReadAllBytesAsync(segment);
        var secondLine = Array.IndexOf(bytes, (byte)'\n') + 1;
        var inJson = Array.IndexOf(bytes, (byte)'{', secondLine) + 5;
        bytes[inJson] ^= 0x01;
        await File.WriteAllBytesAsync(segment, bytes);

        using var restarted = await OpenAsync();
        var replayed = await ReplayAllAsync(restarted);

        replayed.Select(r => r.Id).Should().Equal(records[0].Id, records[2].Id);
        File.Exists(segment + FileAuditSpool.DamagedExtension).Should().BeTrue();
        _reports.Should().ContainSingle(r => r.Outcome == AuditFailureOutcome.SpoolDamaged && r.Source == AuditFailureSource.Spool);
        restarted.PendingEvents.Should().Be(0);
    }

    [Fact]
    public async Task AnAppendAfterRestart_NeverGoesIntoAnOldSegment()
    {
        using (var first = await OpenAsync())
        {
            await first.AppendAsync([Record(1)]);
        }

        using var second = await OpenAsync();
        await second.AppendAsync([Record(2)]);

        Segments().Should().HaveCount(2);
        (await ReplayAllAsync(second)).Should().HaveCount(2);
    }

    [Fact]
    public async Task TwoSpoolsOnOneDirectory_WriteSeparateLanes_AndAStartingOneTakesOverStoppedLanes()
    {
        var a = await OpenAsync();
        var b = await OpenAsync();
        await a.AppendAsync([Record(1)]);
        await b.AppendAsync([Record(2), Record(3)]);
        Directory.GetDirectories(_directory.Path).Should().HaveCount(2, "each live spool holds its own lane");
        a.Dispose();
        b.Dispose();

        using var c = await OpenAsync();
        c.PendingEvents.Should().Be(3);
        var replayed = await ReplayAllAsync(c);

        replayed.Should().HaveCount(3);
        Segments().Should().BeEmpty();
    }

    [Fact]
    public async Task ALaneFreedWhileTheSpoolRuns_IsFoundByTheNextLook_AndReplayed()
    {
        using var running = await OpenAsync();
        await running.AppendAsync([Record(1)]);
        var stopping = await OpenAsync();
        await stopping.AppendAsync([Record(2), Record(3)]);
        await running.FindLeftBehindAsync();
        running.PendingEvents.Should().Be(1, "the other lane is still held");

        stopping.Dispose();
        await running.FindLeftBehindAsync();
        await running.FindLeftBehindAsync();

        running.PendingEvents.Should().Be(3, "the freed lane is taken once");
        var replayed = await ReplayAllAsync(running);
        replayed.Should().HaveCount(3);
        Segments().Should().BeEmpty();
        running.PendingEvents.Should().Be(0);
    }

    [Fact]
    public async Task FindLeftBehind_BeforeTheSpoolOpened_TakesNothing_TheOpenFindsIt()
    {
        var stopped = await OpenAsync();
        await stopped.AppendAsync([Record(1)]);
        stopped.Dispose();
        using var spool = new FileAuditSpool(_directory.Path, AuditSpoolOptions.DefaultMaxSizeBytes, NullLogger.Instance, _reports.Add);

        await spool.FindLeftBehindAsync();
        spool.PendingEvents.Should().Be(0);
        await spool.OpenAsync();

        spool.PendingEvents.Should().Be(1);
    }

    [Fact]
    public async Task ReplayFailingHalfway_GoesOnFromTheFirstBatchNotCommitted()
    {
        using var spool = await OpenAsync();
        var records = Enumerable.Range(0, 4).Select(Record).ToList();
        await spool.AppendAsync(records);
        var committed = new List<Guid>();
        var calls = 0;

        var act = () => spool.ReplayAsync((batch, _) =>
        {
            if (++calls == 2)
            {
                throw new TimeoutException("store down");
            }

            committed.AddRange(batch.Select(r => r.Id));
            return Task.CompletedTask;
        }, 2, CancellationToken.None);
        await act.Should().ThrowAsync<TimeoutException>();
        spool.PendingEvents.Should().Be(2);
        await spool.ReplayAsync((batch, _) =>
        {
            committed.AddRange(batch.Select(r => r.Id));
            return Task.CompletedTask;
        }, 2, CancellationToken.None);

        committed.Should().Equal(records.Select(r => r.Id));
    }

    [Fact]
    public async Task Append_PastMaxSize_FailsNamingTheOption()
    {
        using var spool = await OpenAsync(maxBytes: 2000);

        var act = () => spool.AppendAsync([Record(1), Record(2), Record(3), Record(4)]);

        (await act.Should().ThrowAsync<IOException>()).WithMessage("*is full*AuditTrailOptions.Spool.MaxSizeBytes (2000)*");
        spool.PendingEvents.Should().Be(0);
    }

    [Fact]
    public async Task ALaneItMayNotOpen_AsAnotherAccountsInASharedDirectory_IsSkipped_AndTheSpoolTakesALaneOfItsOwn()
    {
        // A lock file this account may not open (here a directory in its place; in a shared spool, another account's lane).
        Directory.CreateDirectory(Path.Combine(_directory.Path, "lane-0", "lane.lock"));

        using var spool = await OpenAsync();
        await spool.AppendAsync([Record(1)]);

        Directory.GetFiles(Path.Combine(_directory.Path, "lane-1"), "*.spool").Should().ContainSingle();
        (await ReplayAllAsync(spool)).Select(r => r.Description).Should().Equal(Record(1).Description);
    }
}
