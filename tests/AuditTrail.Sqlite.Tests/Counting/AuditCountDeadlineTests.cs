using AuditTrail.Relational;
using FluentAssertions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace AuditTrail.Sqlite.Tests;

/// <summary><see cref="AuditCountDeadline"/>: how many candidates the next step of a count within a time limit may examine.</summary>
public sealed class AuditCountDeadlineTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(20);

    [Fact]
    public void NextStep_TakesHalfTheTimeLeft_AtTheRateSoFar()
    {
        var clock = new FakeTimeProvider();
        var deadline = new AuditCountDeadline(Limit, clock);

        // 1 000 candidates in 4 ms: 16 ms are left, the next step may take 8 ms, 2 000 candidates.
        clock.Advance(TimeSpan.FromMilliseconds(4));
        deadline.CandidatesThatFit(1_000).Should().Be(2_000);

        // 3 000 candidates in 12 ms: 8 ms left, 4 ms of them at 250 candidates a millisecond.
        clock.Advance(TimeSpan.FromMilliseconds(8));
        deadline.CandidatesThatFit(3_000).Should().Be(1_000);
    }

    [Fact]
    public void NoStep_StartsInTheLastFifthOfTheLimit_OrPastIt()
    {
        var clock = new FakeTimeProvider();
        var deadline = new AuditCountDeadline(Limit, clock);

        clock.Advance(TimeSpan.FromMilliseconds(16));
        deadline.CandidatesThatFit(4_000).Should().Be(0, "4 ms of 20 are left, a fifth");
        clock.Advance(TimeSpan.FromMilliseconds(10));
        deadline.CandidatesThatFit(4_000).Should().Be(0, "the time is up");
    }

    [Fact]
    public void AClockThatHasNotMoved_LimitsNothing()
    {
        var deadline = new AuditCountDeadline(Limit, new FakeTimeProvider());

        deadline.CandidatesThatFit(1_024).Should().Be(long.MaxValue);
        deadline.CandidatesThatFit(0).Should().Be(long.MaxValue);
    }
}
