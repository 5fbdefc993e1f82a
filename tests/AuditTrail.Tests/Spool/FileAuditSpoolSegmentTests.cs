using System.Security.Cryptography;
using System.Text;
using AuditTrail.Spool;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuditTrail.Tests.Spool;

/// <summary>
/// How the spool uses its segment files over an outage and after damage: one segment while replays keep failing, a
/// line that reads as no record set aside, and a damaged segment kept for inspection never overwritten.
/// </summary>
public sealed class FileAuditSpoolSegmentTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly List<AuditFailure> _reports = [];

    public void Dispose() => _directory.Dispose();

    private async Task<FileAuditSpool> OpenAsync()
    {
        var spool = new FileAuditSpool(_directory.Path, AuditSpoolOptions.DefaultMaxSizeBytes, NullLogger.Instance, _reports.Add);
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
        Description = $"#{i}",
        Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["k"] = "v" },
    };

    private static async Task<List<AuditRecord>> ReplayAllAsync(FileAuditSpool spool)
    {
        var replayed = new List<AuditRecord>();
        await spool.ReplayAsync((batch, _) =>
        {
            replayed.AddRange(batch);
            return Task.CompletedTask;
        }, 100, CancellationToken.None);
        return replayed;
    }

    private static Task<int> FailingReplayAsync(FileAuditSpool spool) =>
        spool.ReplayAsync((_, _) => throw new TimeoutException("store down"), 100, CancellationToken.None);

    private string[] Files(string pattern) => Directory.GetFiles(_directory.Path, pattern, SearchOption.AllDirectories);

    /// <summary>A whole line with a matching checksum around <paramref name="json"/>, as a spool of another shape could hold.</summary>
    private static byte[] Line(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
        return [.. Encoding.ASCII.GetBytes($"v1 {bytes.Length} {checksum} "), .. bytes, (byte)'\n'];
    }

    [Fact]
    public async Task AppendAsync_BetweenReplaysThatFail_GoesIntoOneSegment()
    {
        using var spool = await OpenAsync();
        var records = Enumerable.Range(0, 20).Select(Record).ToList();

        await spool.AppendAsync([records[0]]);
        foreach (var record in records.Skip(1))
        {
            // What the writer does in an outage: try the spool before each batch, then spool the batch.
            await FluentActions.Awaiting(() => FailingReplayAsync(spool)).Should().ThrowAsync<TimeoutException>();
            await spool.AppendAsync([record]);
        }

        Files("*.spool").Should().ContainSingle("an outage fills one segment until it reaches its size, not one per batch");
        (await ReplayAllAsync(spool)).Select(r => r.Id).Should().Equal(records.Select(r => r.Id));
        Files("*.spool").Should().BeEmpty();
        await spool.AppendAsync([Record(99)]);
        Files("*.spool").Should().ContainSingle("an append after a replay that reached the open segment starts a new one");
    }

    [Fact]
    public async Task AppendAsync_AfterOneThatFailed_GoesIntoTheSameSegment_AndTheFailedOneIsNeverReplayed()
    {
        using var spool = await OpenAsync();
        await spool.AppendAsync([Record(1)]);

        var failed = () => spool.AppendAsync([Record(2)], new CancellationToken(canceled: true));
        await failed.Should().ThrowAsync<OperationCanceledException>();
        await spool.AppendAsync([Record(3)]);

        Files("*.spool").Should().ContainSingle("a failed append (a full disk fails every one) does not leave a segment behind each time");
        spool.PendingEvents.Should().Be(2);
        (await ReplayAllAsync(spool)).Select(r => r.Description).Should().Equal("#1", "#3");
    }

    [Theory]
    [InlineData("metadata", "null")]
    [InlineData("changes", "null")]
    [InlineData("changes", "[null]")]
    [InlineData("actor", "null")]
    [InlineData("action", "null")]
    [InlineData("metadata", "{\"k\":null}")]
    public async Task ReplayAsync_LineWithAMatchingChecksumThatReadsAsNoRecord_IsSetAsideAsDamage_AndTheOthersAreReplayed(string member, string value)
    {
        var records = Enumerable.Range(0, 2).Select(Record).ToList();
        using (var first = await OpenAsync())
        {
            await first.AppendAsync(records);
        }

        var segment = Files("*.spool").Single();
        var broken = Encoding.UTF8.GetString(AuditJson.SerializeRecord(Record(9)));
        broken = System.Text.RegularExpressions.Regex.Replace(broken, $"\"{member}\":(\\{{[^}}]*\\}}|\\[[^\\]]*\\]|\"[^\"]*\")", $"\"{member}\":{value}");
        broken.Should().Contain($"\"{member}\":{value}");
        var content = await File.ReadAllBytesAsync(segment);
        var firstLine = Array.IndexOf(content, (byte)'\n') + 1;
        await File.WriteAllBytesAsync(segment, [.. content[..firstLine], .. Line(broken), .. content[firstLine..]]);

        using var restarted = await OpenAsync();
        var replayed = await ReplayAllAsync(restarted);

        replayed.Select(r => r.Id).Should().Equal(records.Select(r => r.Id), "a line that cannot be a record must not hold back the ones after it");
        File.Exists(segment + FileAuditSpool.DamagedExtension).Should().BeTrue();
        _reports.Should().ContainSingle(r => r.Outcome == AuditFailureOutcome.SpoolDamaged);
        restarted.PendingEvents.Should().Be(0);
    }

    [Theory]
    [InlineData("{", "{\"retentionClass\":\"legal-hold\",")]
    [InlineData("\"actor\":{", "\"actor\":{\"onBehalfOf\":\"u-admin\",")]
    public async Task ReplayAsync_LineWithAMemberThisVersionDoesNotKnow_IsSetAsideAsDamage_NotReplayedWithoutIt(string at, string with)
    {
        // A line a newer version wrote (a rollback while its spool held events): replaying it without the member would
        // store an altered record, and the hash chain would seal it so.
        var records = Enumerable.Range(0, 2).Select(Record).ToList();
        using (var first = await OpenAsync())
        {
            await first.AppendAsync(records);
        }

        var segment = Files("*.spool").Single();
        var json = Encoding.UTF8.GetString(AuditJson.SerializeRecord(Record(9)));
        json.Should().Contain(at);
        var newer = json[..json.IndexOf(at, StringComparison.Ordinal)] + with + json[(json.IndexOf(at, StringComparison.Ordinal) + at.Length)..];
        await File.AppendAllBytesAsync(segment, Line(newer));

        using var restarted = await OpenAsync();
        var replayed = await ReplayAllAsync(restarted);

        replayed.Select(r => r.Id).Should().Equal(records.Select(r => r.Id), "the line with a member this version does not know is not replayed without it");
        File.ReadAllText(segment + FileAuditSpool.DamagedExtension).Should().Contain(with, "the line is kept whole for inspection");
        _reports.Should().ContainSingle(r => r.Outcome == AuditFailureOutcome.SpoolDamaged);
        restarted.PendingEvents.Should().Be(0);
    }

    [Fact]
    public async Task ReplayAsync_DamagedSegmentAfterAnEarlierOneWasKept_KeepsBoth()
    {
        var kept = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            using (var writer = await OpenAsync())
            {
                await writer.AppendAsync([Record(run)]);
            }

            var segment = Files("*.spool").Single();
            var bytes = await File.ReadAllBytesAsync(segment);
            bytes[Array.IndexOf(bytes, (byte)'{') + 5] ^= 0x01;
            await File.WriteAllBytesAsync(segment, bytes);
            using var reader = await OpenAsync();
            (await ReplayAllAsync(reader)).Should().BeEmpty();
            kept.Add(await File.ReadAllTextAsync(segment + FileAuditSpool.DamagedExtension));
        }

        Files("*" + FileAuditSpool.DamagedExtension).Select(File.ReadAllText).Should().BeEquivalentTo(kept,
            "a new segment never takes the name of a damaged one kept for inspection");
        _reports.Should().HaveCount(2).And.OnlyContain(r => r.Outcome == AuditFailureOutcome.SpoolDamaged);
    }
    [Fact]
    public async Task AppendAsync_AfterItsSegmentWasDeleted_GoesIntoANewSegment_AndTheReplayGoesOn()
    {
        using var spool = await OpenAsync();
        await spool.AppendAsync([Record(0)]);
        File.Delete(Files("*.spool").Should().ContainSingle().Subject);

        // An append into the deleted file's open handle would be synced, acknowledged and lost with the file.
        var record = Record(1);
        await spool.AppendAsync([record]);

        Files("*.spool").Should().ContainSingle("the append went into a file that is still there");
        (await ReplayAllAsync(spool)).Select(r => r.Id).Should().Equal(record.Id);
        Files("*.spool").Should().BeEmpty();
    }

    [Fact]
    public async Task AppendAsync_AfterTheSpoolDirectoryWasDeleted_Throws()
    {
        using var spool = await OpenAsync();
        await spool.AppendAsync([Record(0)]);
        Directory.Delete(_directory.Path, recursive: true);

        await FluentActions.Awaiting(() => spool.AppendAsync([Record(1)])).Should().ThrowAsync<IOException>(
            "an append the spool cannot keep is refused, so that its caller is told");
    }
    [Fact]
    public async Task ReplayAsync_ALeftBehindSegmentDeletedAfterTheOpen_IsSkipped_AndTheRestIsReplayed()
    {
        using (var stopped = await OpenAsync())
        {
            await stopped.AppendAsync([Record(0)]);
        }

        using var spool = await OpenAsync();
        var record = Record(1);
        await spool.AppendAsync([record]);
        File.Delete(Files("000000000001.spool").Should().ContainSingle("the stopped process's segment").Subject);

        (await ReplayAllAsync(spool)).Select(r => r.Id).Should().Equal(record.Id);
        Files("*.spool").Should().BeEmpty();
        spool.PendingEvents.Should().Be(0);
    }
}
