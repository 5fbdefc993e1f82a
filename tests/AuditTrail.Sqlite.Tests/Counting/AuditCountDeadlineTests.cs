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
    public void NextStep_IsPlannedAsTheLastStepAgain_PlusItsCandidatesAtTheSlowestRate_BeforeTheReserve()
    {
        var clock = new FakeTimeProvider();
        var deadline = new AuditCountDeadline(Limit, clock);

        // 1 000 candidates in 4 ms (4 µs each): steps must end by 17 ms (the last 15 % is kept), the next one's fixed part
        // may be 4 ms again, which leaves 9 ms: 2 250 candidates.
        clock.Advance(TimeSpan.FromMilliseconds(4));
        deadline.CandidatesThatFit(1_000).Should().Be(2_250);

        // 2 250 in 6 ms (faster, but the slowest rate stays): at 10 ms, 7 ms to go, 6 of them for the fixed part.
        clock.Advance(TimeSpan.FromMilliseconds(6));
        deadline.CandidatesThatFit(2_250).Should().Be(250);
    }

    [Fact]
    public void NoStep_StartsWhenTheLastStepAgainWouldRunIntoTheReserve()
    {
        var clock = new FakeTimeProvider();
        var deadline = new AuditCountDeadline(Limit, clock);

        // 9 ms for the first step: a second one of the same length would end at 18 ms, past 17.
        clock.Advance(TimeSpan.FromMilliseconds(9));
        deadline.CandidatesThatFit(1_024).Should().Be(0);
    }

    [Fact]
    public void NoStep_StartsInTheReserve_OrPastTheLimit()
    {
        var clock = new FakeTimeProvider();
        var deadline = new AuditCountDeadline(Limit, clock);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        deadline.CandidatesThatFit(1_000).Should().BePositive();
        clock.Advance(TimeSpan.FromMilliseconds(16));
        deadline.CandidatesThatFit(4_000).Should().Be(0, "17 ms are gone: what is left is the reserve");
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
