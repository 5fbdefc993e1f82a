using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Review;

/// <summary>
/// The review reads its period in time windows (<see cref="AuditReviewWindows"/>): whatever their size, the detectors
/// see the same records in the same order, so the report is the one of a single window over everything.
/// </summary>
public sealed class ReviewWindowTests
{
    /// <summary>One window over everything: what the review did before it read in windows.</summary>
    private static readonly AuditReviewWindows Whole = new(TimeSpan.FromDays(3660), TimeSpan.FromDays(3660), TimeSpan.FromDays(3660), int.MaxValue / 4);

    public static TheoryData<int, string> Cases()
    {
        var cases = new TheoryData<int, string>();
        foreach (var seed in Enumerable.Range(1, 12))
        {
            cases.Add(seed, "tiny");
            cases.Add(seed, "minute");
        }

        foreach (var seed in Enumerable.Range(1, 2))
        {
            cases.Add(seed, "second");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Review_InWindowsOfAnySize_ReportsWhatOneWindowDoes(int seed, string size)
    {
        var windows = size switch
        {
            // A millisecond to start, read again shorter past 4 records, never past a minute.
            "tiny" => new AuditReviewWindows(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1), 1),
            "second" => new AuditReviewWindows(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), int.MaxValue / 4),
            _ => new AuditReviewWindows(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), int.MaxValue / 4),
        };
        var trail = RandomReviewHistory.Build(seed);

        var expected = await ReviewAsync(trail, Whole);
        var actual = await ReviewAsync(trail, windows);

        expected.Findings.Should().NotBeEmpty();
        actual.Findings.Should().BeEquivalentTo(expected.Findings, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Review_RandomHistories_ShowEveryKindOfEpisode()
    {
        var detectors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in Enumerable.Range(1, 12))
        {
            detectors.UnionWith((await ReviewAsync(RandomReviewHistory.Build(seed), Whole)).Findings.Select(f => f.Detector));
        }

        detectors.Should().Contain(
        [
            AuditDetectors.BruteForce, AuditDetectors.PasswordSpraying, AuditDetectors.BulkDelete, AuditDetectors.BulkExport,
            AuditDetectors.ChangeOutsideMaintenanceWindow, AuditDetectors.DepartedActorActive, AuditDetectors.PrivilegeEscalation,
            AuditDetectors.TrailGap, AuditDetectors.NewNetwork,
        ]);
    }

    private static Task<AuditReviewReport> ReviewAsync(Trail trail, AuditReviewWindows windows) =>
        new AuditReview(trail.Store, Options.Create(trail.Options), Options.Create(trail.TrailOptions), trail.Time, windows: windows)
            .ReviewAsync(AuditViewer.Admin("u-admin"), RandomReviewHistory.From, RandomReviewHistory.Until);
}
