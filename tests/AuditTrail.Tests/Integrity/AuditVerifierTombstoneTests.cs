using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Tests.Integrity;

/// <summary>The verifier's tombstones (docs/integrity.md): expected when the policy explains them, tampering otherwise.</summary>
public sealed class AuditVerifierTombstoneTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AuditRetentionOptions Policy()
    {
        var options = new AuditRetentionOptions { Period = TimeSpan.FromDays(365) };
        options.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "page.", Period = TimeSpan.FromDays(7) });
        return options;
    }

    /// <summary>auth, page view, auth: the page view (row 2) expires inside the chain.</summary>
    private static AuditChainEntry[] Chain()
    {
        string[] actions = ["auth.login", "page.viewed", "auth.logout"];
        var entries = new AuditChainEntry[actions.Length];
        var previous = AuditChain.GenesisHash.ToArray();
        for (var i = 0; i < actions.Length; i++)
        {
            var record = new AuditRecord
            {
                Id = Guid.CreateVersion7(Start.AddMinutes(i)),
                OccurredAt = Start.AddMinutes(i),
                RecordedAt = Start.AddMinutes(i),
                Actor = new AuditActor("alice", "Alice", AuditActorType.User),
                Action = actions[i],
                ActionType = AuditActionType.Access,
                Description = "visited the page",
                SourceIp = "192.0.2.1",
                UserAgent = "Browser/1.0",
                Metadata = new Dictionary<string, string> { ["k"] = "v" },
            };
            previous = AuditChain.ComputeHash(previous, i + 1, record);
            entries[i] = new AuditChainEntry(i + 1, previous, record);
        }

        return entries;
    }

    private static AuditChainEntry Tombstone(AuditChainEntry entry) => entry with
    {
        Record = entry.Record with
        {
            Actor = new AuditActor(string.Empty, null, entry.Record.Actor.Type),
            Description = null,
            SourceIp = null,
            UserAgent = null,
            Metadata = new Dictionary<string, string>(),
        },
        Tombstone = "retention:Rules[0]",
    };

    private static Task<AuditVerificationReport> VerifyAsync(AuditChainEntry[] chain, DateTimeOffset now, AuditRetentionOptions? policy) =>
        new AuditVerifier(new ListStore(chain), null, null, policy, new FakeTimeProvider(now)).VerifyAsync();

    [Fact]
    public async Task Verify_TombstoneThePolicyExplains_IsValidAndCounted()
    {
        var chain = Chain();
        chain[1] = Tombstone(chain[1]);

        var report = await VerifyAsync(chain, Start.AddDays(30), Policy());

        report.IsValid.Should().BeTrue();
        report.RowsVerified.Should().Be(3);
        report.TombstonesVerified.Should().Be(1);
    }

    [Fact]
    public async Task Verify_TombstoneBeforeItsPeriodRanOut_IsReportedAsTampering()
    {
        var chain = Chain();
        chain[1] = Tombstone(chain[1]);

        var report = await VerifyAsync(chain, Start.AddDays(3), Policy());

        report.Problem.Should().NotBeNull();
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(2);
        report.Problem.Message.Should().Contain("outside the retention policy").And.Contain("Retention.Rules[0] keeps page.viewed");
    }

    [Fact]
    public async Task Verify_LongLivedRecordEmptiedAsATombstone_IsReportedAsTampering()
    {
        var chain = Chain();
        chain[0] = Tombstone(chain[0]);

        var report = await VerifyAsync(chain, Start.AddDays(30), Policy());

        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(1);
        report.Problem.Message.Should().Contain("Retention.Period keeps auth.login");
    }

    [Fact]
    public async Task Verify_TombstoneMarkOnARowThatKeptItsContent_IsReported()
    {
        var chain = Chain();
        chain[1] = chain[1] with { Tombstone = "retention:Rules[0]", Record = chain[1].Record with { Description = "edited" } };

        var report = await VerifyAsync(chain, Start.AddDays(30), Policy());

        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Message.Should().Contain("still holds content");
    }

    [Fact]
    public async Task Verify_TombstoneHashChanged_BreaksTheNextRow()
    {
        var chain = Chain();
        chain[1] = Tombstone(chain[1]) with { Hash = new byte[AuditChain.HashLength] };

        var report = await VerifyAsync(chain, Start.AddDays(30), Policy());

        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(3);
    }

    [Fact]
    public async Task Verify_WithoutAPolicy_ReportsEveryTombstone()
    {
        var chain = Chain();
        chain[1] = Tombstone(chain[1]);

        var report = await VerifyAsync(chain, Start.AddDays(30), policy: null);

        report.Problem!.Message.Should().Contain("no retention policy");
    }

    private sealed class ListStore(AuditChainEntry[] chain) : IAuditChainStore
    {
        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult<AuditChainPosition?>(new AuditChainPosition(chain[^1].Sequence, chain[^1].Hash));

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => Task.FromResult<AuditChainPosition?>(null);

        public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var entry in chain.Skip((int)afterSequence))
            {
                yield return entry;
            }
        }
    }
}
