using System.Globalization;
using AuditTrail.Browser.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Browser.Tests;

/// <summary>
/// The sample's seeded history, whatever the time of day it is seeded at (no browser: the review is read through
/// <see cref="IAuditReview"/>). Sarah's own sign-in "a few hours ago" is late yesterday soon after midnight UTC; it
/// must not join the brute force on her.
/// </summary>
public sealed class SeededHistoryTests
{
    [Theory]
    [InlineData("00:05")]
    [InlineData("00:43")]
    [InlineData("01:15")]
    [InlineData("03:20")]
    [InlineData("12:00")]
    [InlineData("23:55")]
    public async Task TheBruteForceOnSarah_CountsTheAttackersFailuresOnly_AtAnyTimeOfDay(string timeOfDay)
    {
        var today = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero);
        var clock = new RunningClock(today + TimeOnly.Parse(timeOfDay, CultureInfo.InvariantCulture).ToTimeSpan());
        await using var app = await ConsoleApp.StartAsync(clock: clock);

        var now = clock.GetUtcNow();
        var report = await app.Services.GetRequiredService<IAuditReview>()
            .ReviewAsync(AuditViewer.Admin("u-john"), now.AddDays(-7), now.AddMinutes(1));

        var bruteForce = report.Findings.Where(finding => finding.Detector == AuditDetectors.BruteForce && finding.Summary.Contains("'sarah'", StringComparison.Ordinal));
        bruteForce.Should().ContainSingle().Which.Summary.Should().Be("12 failed logins for 'sarah' from 185.220.101.47 in 5 minutes");
        var success = report.Findings.Where(finding => finding.Detector == AuditDetectors.SuccessAfterFailures);
        success.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Summary = "12 failed logins for 'sarah' from 185.220.101.47 in 5 minutes, then a success",
            SourceIp = "185.220.101.47",
        });
        success.Single().EvidenceIds.Should().HaveCount(13);
    }

    /// <summary>The system clock moved to <paramref name="start"/>: it runs on from there, and its timers are real.</summary>
    private sealed class RunningClock(DateTimeOffset start) : TimeProvider
    {
        private readonly long _started = System.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => start + System.GetElapsedTime(_started);
    }
}
