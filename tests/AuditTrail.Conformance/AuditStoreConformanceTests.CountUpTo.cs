using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary><see cref="IAuditStore.CountUpToAsync"/>: min(count, limit), with every field of the filter applied as the exact count applies it.</summary>
public abstract partial class AuditStoreConformanceTests
{
    [Fact]
    public async Task CountUpTo_IsTheCountBelowTheLimit_AndTheLimitAboveIt()
    {
        await WriteAsync(Some.Records(150, Some.Time));

        (await Store.CountUpToAsync(AuditFilter.All, 1)).Should().Be(1);
        (await Store.CountUpToAsync(AuditFilter.All, 149)).Should().Be(149);
        (await Store.CountUpToAsync(AuditFilter.All, 150)).Should().Be(150);
        (await Store.CountUpToAsync(AuditFilter.All, 151)).Should().Be(150);
        (await Store.CountUpToAsync(AuditFilter.All, long.MaxValue)).Should().Be(150);
        (await Store.CountUpToAsync(new AuditFilter { From = Some.Time(100) }, 1_000)).Should().Be(50, "the filter applies");
    }

    [Fact]
    public async Task CountUpTo_EmptyStore_IsZero()
    {
        (await Store.CountUpToAsync(AuditFilter.All, 10)).Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task CountUpTo_LimitNotPositive_ThrowsNamingIt(long limit)
    {
        var act = () => Store.CountUpToAsync(AuditFilter.All, limit);

        (await act.Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("limit");
    }

    [Fact]
    public async Task CountUpTo_Search_WithManyMatches_CountsPastOneBatchOfCandidates_AndAppliesTheOtherFilters()
    {
        // 200 of 300 records mention the term; of those, the ones at an even second are deletions.
        var records = Some.Records(300, Some.Time).Select((record, i) => i % 3 == 2
            ? record
            : record with { Description = $"rotated Quokka key {i}", ActionType = i % 2 == 0 ? AuditActionType.Delete : AuditActionType.Update }).ToArray();
        await WriteAsync(records);
        var search = new AuditFilter { Search = "quokka" };
        var deletions = search with { ActionTypes = [AuditActionType.Delete] };
        var deletionCount = records.Count(record => record.ActionType == AuditActionType.Delete && record.Description!.Contains("Quokka", StringComparison.Ordinal));

        (await Store.CountUpToAsync(search, 50)).Should().Be(50);
        (await Store.CountUpToAsync(search, 100)).Should().Be(100);
        (await Store.CountUpToAsync(search, 199)).Should().Be(199);
        (await Store.CountUpToAsync(search, 200)).Should().Be(200);
        (await Store.CountUpToAsync(search, 10_000)).Should().Be(200);
        (await Store.CountUpToAsync(deletions, 10_000)).Should().Be(deletionCount);
        (await Store.CountUpToAsync(deletions, deletionCount - 1)).Should().Be(deletionCount - 1);
        (await Store.CountUpToAsync(new AuditFilter { Search = "no such words" }, 10)).Should().Be(0);
    }

    [Fact]
    public async Task CountUpTo_Scope_CountsOnlyTheViewersRecords_WithAndWithoutTheRecordsAboutThem()
    {
        await WriteRoleChangesAsync();
        await WriteAsync(Some.Records(20, seconds => Some.Time(100 + seconds)));

        var own = new AuditFilter { ScopeActorId = "mike" };
        var ownAndAbout = own with { ScopeIncludesTargetUser = true };
        (await Store.CountUpToAsync(own, 10)).Should().Be(1);
        (await Store.CountUpToAsync(ownAndAbout, 10)).Should().Be(2);
        (await Store.CountUpToAsync(ownAndAbout, 1)).Should().Be(1);
        (await Store.CountUpToAsync(ownAndAbout with { Search = "Mike" }, 10)).Should().Be(2, "both rows name Mike, and no one else's row is counted");
        (await Store.CountUpToAsync(new AuditFilter { ScopeActorId = "nobody", ScopeIncludesTargetUser = true }, 10)).Should().Be(0);
        (await Store.CountUpToAsync(new AuditFilter { ScopeActorId = "u1", ScopeTenantId = "other" }, 10)).Should().Be(0, "the tenant scope applies");
    }

    [Fact]
    public async Task CountWithin_ATimeLimitNotReached_CountsAsCountUpTo()
    {
        var (search, deletions, deletionCount) = await WriteSearchableAsync(300);
        var stopped = new SteppingClock(TimeSpan.Zero);

        (await Store.CountWithinAsync(search, 10_000, TimeSpan.FromMilliseconds(20), stopped)).Should().Be(new AuditCount(200, IsLowerBound: false));
        (await Store.CountWithinAsync(search, 150, TimeSpan.FromMilliseconds(20), stopped)).Should().Be(new AuditCount(150, IsLowerBound: false));
        (await Store.CountWithinAsync(deletions, 10_000, TimeSpan.FromMilliseconds(20), stopped)).Should().Be(new AuditCount(deletionCount, IsLowerBound: false));
        (await Store.CountWithinAsync(AuditFilter.All, 10_000, TimeSpan.FromMilliseconds(20), stopped)).Should().Be(new AuditCount(300, IsLowerBound: false));
    }

    [Fact]
    public async Task CountWithin_TimeUpAfterTheFirstStep_AnswersWhatItCounted_AsALowerBound()
    {
        var (_, deletions, deletionCount) = await WriteSearchableAsync(300);

        // Every reading of this clock is past the limit: a count in steps stops after its first, one statement does not.
        var late = new SteppingClock(TimeSpan.FromSeconds(1));
        var first = await Store.CountWithinAsync(deletions, 100, TimeSpan.FromMilliseconds(20), late);
        var whole = await Store.CountWithinAsync(AuditFilter.All, 10_000, TimeSpan.FromMilliseconds(20), late);

        if (CountsSearchInSteps)
        {
            first.IsLowerBound.Should().BeTrue("the time was up after the first step");
            first.Value.Should().BeInRange(1, deletionCount - 1, "the first step's candidates hold some of the deletions, not all");
        }
        else
        {
            first.Should().Be(new AuditCount(deletionCount, IsLowerBound: false), "a store that counts in one statement answers exactly");
        }

        whole.Should().Be(new AuditCount(300, IsLowerBound: false), "a count without a search is one statement, bounded by the limit alone");
    }

    [Fact]
    public async Task CountWithin_BadArguments_ThrowNamingThem()
    {
        var clock = new SteppingClock(TimeSpan.Zero);

        (await FluentActions.Awaiting(() => Store.CountWithinAsync(AuditFilter.All, 0, TimeSpan.FromSeconds(1), clock))
            .Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("limit");
        (await FluentActions.Awaiting(() => Store.CountWithinAsync(AuditFilter.All, 10, TimeSpan.Zero, clock))
            .Should().ThrowAsync<ArgumentOutOfRangeException>()).Which.ParamName.Should().Be("timeLimit");
        (await FluentActions.Awaiting(() => Store.CountWithinAsync(AuditFilter.All, 10, TimeSpan.FromSeconds(1), null!))
            .Should().ThrowAsync<ArgumentNullException>()).Which.ParamName.Should().Be("timeProvider");
    }

    /// <summary>
    /// Writes <paramref name="count"/> records of which two in three mention "Quokka", half of those deletions; returns
    /// the search, the search for deletions and how many deletions match it.
    /// </summary>
    private async Task<(AuditFilter Search, AuditFilter Deletions, int DeletionCount)> WriteSearchableAsync(int count)
    {
        var records = Some.Records(count, Some.Time).Select((record, i) => i % 3 == 2
            ? record
            : record with { Description = $"rotated Quokka key {i}", ActionType = i % 2 == 0 ? AuditActionType.Delete : AuditActionType.Update }).ToArray();
        await WriteAsync(records);
        var search = new AuditFilter { Search = "quokka" };
        var deletions = search with { ActionTypes = [AuditActionType.Delete] };
        return (search, deletions, records.Count(record => record.ActionType == AuditActionType.Delete && record.Description!.Contains("Quokka", StringComparison.Ordinal)));
    }

    /// <summary>A clock whose every reading is <paramref name="step"/> later than the one before.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow()
        {
            var now = _now;
            _now += step;
            return now;
        }

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => GetUtcNow().UtcTicks;
    }
}
