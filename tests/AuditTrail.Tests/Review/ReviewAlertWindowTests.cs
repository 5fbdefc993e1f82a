using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Review;

/// <summary>
/// The continuous review rebuilds its state from the trail after a start or a takeover, reading it in time windows
/// (<see cref="AuditReviewWindows"/>): whatever their size, it alerts what it does with one window over everything.
/// </summary>
public sealed class ReviewAlertWindowTests
{
    private static readonly AuditReviewWindows Whole = new(TimeSpan.FromDays(3660), TimeSpan.FromDays(3660), TimeSpan.FromDays(3660), int.MaxValue / 4);

    private static readonly AuditReviewWindows Tiny = new(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1), 1);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Alerts_AcrossARestartAndATakeover_InWindowsOfAnySize_AreWhatOneWindowGives(int seed)
    {
        var trail = RandomReviewHistory.Build(seed);

        var expected = await AlertsAsync(trail, Whole);
        var actual = await AlertsAsync(trail, Tiny);

        expected.Should().NotBeEmpty();
        actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    /// <summary>
    /// The feed in the order the records were added (times out of order: late records), handled by a first instance up
    /// to a third of it, then by a second one from a batch further on (a takeover: it rebuilds from the trail).
    /// </summary>
    private static async Task<List<AuditFinding>> AlertsAsync(Trail trail, AuditReviewWindows windows)
    {
        var batches = trail.Feed(DateTimeOffset.MinValue).Chunk(9).ToList();
        var sink = new RecordingAlertSink();
        var first = Consumer(trail, sink, windows);
        foreach (var batch in batches.Take(batches.Count / 3))
        {
            await first.HandleAsync(batch);
        }

        var second = Consumer(trail, sink, windows);
        foreach (var batch in batches.Skip((batches.Count / 3) + 1))
        {
            await second.HandleAsync(batch);
        }

        return sink.Alerts;
    }

    private static AuditReviewAlertConsumer Consumer(Trail trail, IAuditAlertSink sink, AuditReviewWindows windows) =>
        new(trail.Store, [sink], Options.Create(trail.Options), Options.Create(trail.TrailOptions), trail.AlertTime,
            NullLogger<AuditReviewAlertConsumer>.Instance, windows: windows);
}
