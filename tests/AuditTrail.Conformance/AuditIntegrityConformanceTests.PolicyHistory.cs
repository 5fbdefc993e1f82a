using AuditTrail.Conformance.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Tombstones after a period was lengthened (docs/integrity.md): retention signs the policy it tombstones under as a
/// <see cref="AuditCheckpointKind.RetentionPolicy"/> checkpoint, so the verifier, given the checkpoints, still expects
/// the tombstones an earlier signed policy explains; without checkpoints the current policy alone decides.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    private static readonly TimeSpan LongerSessionPeriod = TimeSpan.FromDays(200);

    /// <summary>Starts over the same database with the sessions' period lengthened from 30 to 200 days.</summary>
    private async Task RestartWithLongerSessionPeriodAsync()
    {
        await _services!.DisposeAsync();
        _services = Build(CreateStore(), o =>
        {
            o.Retention.Period = TimeSpan.FromDays(365);
            o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = LongerSessionPeriod });
        });
    }

    /// <summary>The sessions are tombstoned under 30 days, then the period becomes 200 days and a day later a pass runs under it.</summary>
    private async Task<List<Guid>> TombstoneThenLengthenThePeriodAsync()
    {
        await RestartWithRetentionAsync();
        var ids = await WriteMixedTrailAsync();
        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();
        (await ReadChainAsync()).Where(e => e.Tombstone is not null).Select(e => e.Sequence).Should().Equal(2, 4, 6);

        await RestartWithLongerSessionPeriodAsync();
        Clock.Elapse(TimeSpan.FromDays(1));
        await Services.GetRequiredService<IAuditRetention>().PurgeAsync();
        return ids;
    }

    private string[] PolicyCheckpointFiles() => Directory.GetFiles(_checkpoints, "*-retentionpolicy-*.json").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Verify_TombstonesMadeBeforeThePeriodWasLengthened_WithCheckpoints_AreExpected()
    {
        await TombstoneThenLengthenThePeriodAsync();

        var report = await Verifier.VerifyAsync();

        report.Problem.Should().BeNull("a signed policy in effect until the period was lengthened explains the tombstones");
        report.TombstonesVerified.Should().Be(3);
        PolicyCheckpointFiles().Should().HaveCount(2, "each pass signs its policy when it differs from the newest signed one");
    }

    [Fact]
    public async Task Verify_TombstonesMadeBeforeThePeriodWasLengthened_WithoutCheckpoints_AreStillReported()
    {
        await TombstoneThenLengthenThePeriodAsync();
        var retention = new AuditRetentionOptions { Period = TimeSpan.FromDays(365) };
        retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = LongerSessionPeriod });

        var report = await new AuditVerifier(Chain, checkpoints: null, keys: null, retention, Clock).VerifyAsync();

        report.Problem.Should().NotBeNull("without checkpoints only the current policy can explain a tombstone");
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(2);
        report.Problem.Message.Should().Contain("outside the retention policy");
    }

    [Fact]
    public async Task Verify_SessionEmptiedByHandThatNoSignedPolicyExplains_WithCheckpoints_IsReportedAsAModifiedRow()
    {
        await TombstoneThenLengthenThePeriodAsync();
        var recent = await Logger.LogAsync(new AuditEvent { Action = "session.started", ActionType = AuditActionType.Authentication, Actor = AuditActor.User("u-8", "User 8") });

        // It occurred just now: no policy, signed or current, kept sessions for less than 30 days.
        var row = (await ReadChainAsync()).Single(e => e.Record.Id == recent).Sequence;
        (await ((IAuditTombstoneStore)Chain).TombstoneAsync([new AuditTombstoneRequest(row, recent, SessionRule)])).Should().Be(1);

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(row);
        problem.Message.Should().Contain("outside the retention policy");
    }

    [Fact]
    public async Task Verify_PolicyCheckpointEdited_ReportsABadSignature()
    {
        await TombstoneThenLengthenThePeriodAsync();
        var newest = PolicyCheckpointFiles()[^1];
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(newest))!;
        json["policy"] = json["policy"]!.GetValue<string>().Replace("200.00:00:00", "30.00:00:00", StringComparison.Ordinal);
        await File.WriteAllTextAsync(newest, json.ToJsonString());

        var problem = await ProblemAsync();

        problem.Kind.Should().Be(AuditIntegrityProblemKind.BadSignature);
        problem.Message.Should().Contain("altered or forged");
    }

    [Fact]
    public async Task Tombstones_PolicyThatCannotBeSigned_TheyAreNotMade()
    {
        await RestartWithRetentionAsync();
        await WriteMixedTrailAsync();
        Directory.CreateDirectory(_checkpoints);
        await File.WriteAllTextAsync(Path.Combine(_checkpoints, "0000000001-head-1.json"), "{damaged");

        var pass = () => Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        await pass.Should().ThrowAsync<AuditUnreadableCheckpointException>();
        (await ReadChainAsync()).Should().NotContain(e => e.Tombstone != null, "nothing is emptied under a policy that was not signed");
    }

    [Fact]
    public async Task Retention_TwoInstancesRunningDifferentPolicies_EachWarnsWhenItMustSignItsOwnAgain()
    {
        await _services!.DisposeAsync();
        var (logs, otherLogs) = (new CapturingLoggerProvider(), new CapturingLoggerProvider());
        _services = Build(CreateStore(), o =>
        {
            o.Retention.Period = TimeSpan.FromDays(365);
            o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = TimeSpan.FromDays(30) });
        }, logs);
        await using var other = Build(CreateStore(), o =>
        {
            o.Retention.Period = TimeSpan.FromDays(365);
            o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "session.", Period = LongerSessionPeriod });
        }, otherLogs);
        await WriteMixedTrailAsync();
        var (retention, otherRetention) = (Services.GetRequiredService<IAuditRetention>(), other.GetRequiredService<IAuditRetention>());

        await retention.PurgeAsync();
        await retention.PurgeAsync();
        await otherRetention.PurgeAsync();
        logs.Entries.Should().BeEmpty("signing its policy the first time is how a policy change is made");
        otherLogs.Entries.Should().BeEmpty("a policy differing from the newest signed one may be a deliberate change");

        await retention.PurgeAsync();
        await otherRetention.PurgeAsync();

        logs.Entries.Should().ContainSingle().Which.Message.Should().Contain("another instance").And.Contain("same retention policy");
        otherLogs.Entries.Should().ContainSingle().Which.Level.Should().Be(LogLevel.Warning);
        PolicyCheckpointFiles().Should().HaveCount(4, "each pass of either instance signed its policy again");
    }
}
