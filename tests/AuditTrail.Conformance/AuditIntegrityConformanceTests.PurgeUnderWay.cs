using System.Runtime.CompilerServices;
using AuditTrail.Conformance.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// A verification while a purge is under way: the purge signs a purge intent before its first batch, so its moving
/// anchor is no false alarm, while an anchor moved past what it announced, or after it ended, is still reported.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    /// <summary>Six records 60 to 55 days old (rows 1 to 6), then four of now (rows 7 to 10).</summary>
    private async Task WriteSixExpiredThenFourAsync()
    {
        for (var i = 0; i < 6; i++)
        {
            await Logger.LogAsync(new AuditEvent { Action = "server.created", ActionType = AuditActionType.Create, OccurredAt = Clock.GetUtcNow().AddDays(-60 + i) });
        }

        await WriteTrailAsync(4);
    }

    private DateTimeOffset ThirtyDaysAgo => Clock.GetUtcNow().AddDays(-30);

    [Fact]
    public async Task Verify_BetweenThePurgesBatches_IsValidAndNamesThePurgeUnderWay()
    {
        await _services!.DisposeAsync();
        AuditVerificationReport? during = null;
        var store = new PurgeObservingStore(CreateStore())
        {
            AfterFirstPurge = async () => during = await Verifier.VerifyAsync(),
        };
        _services = Build(store, o =>
        {
            o.Retention.Period = TimeSpan.FromDays(30);
            o.Retention.BatchSize = 2;
        });
        await WriteSixExpiredThenFourAsync();
        await Checkpoints.CheckpointAsync();

        (await Services.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(6);

        during.Should().NotBeNull("the store ran the verifier after the purge's first batch");
        during!.Problem.Should().BeNull("a purge under way is no tampering");
        during.Anchor!.Sequence.Should().Be(2);
        during.PurgeUnderWay.Should().NotBeNull();
        during.PurgeUnderWay!.Kind.Should().Be(AuditCheckpointKind.PurgeIntent);
        during.PurgeUnderWay.Sequence.Should().Be(6, "the purge announced the last record it removes");
        var after = await Verifier.VerifyAsync();
        after.Problem.Should().BeNull();
        after.Anchor!.Sequence.Should().Be(6);
        after.PurgeUnderWay.Should().BeNull("the purge signed its anchor when it ended");
        Directory.GetFiles(_checkpoints, "*-purgeintent-6.json").Should().ContainSingle();
    }

    [Fact]
    public async Task Verify_PurgeStoppedBeforeItsAnchorWasSigned_IsValidUntilTheAnchorIsSigned()
    {
        await WriteSixExpiredThenFourAsync();
        var intent = await Checkpoints.PurgeIntentAsync(ThirtyDaysAgo);
        var sixth = await Chain.ReadChainAsync(5).FirstAsync();

        // A purge killed after one batch: the rows went, no anchor was signed.
        (await Services.GetRequiredService<IAuditStore>().PurgeAsync(ThirtyDaysAgo, 4)).Should().Be(4);

        intent.Should().NotBeNull();
        intent!.Sequence.Should().Be(6);
        intent.Hash.Should().Be(Convert.ToHexStringLower(sixth.Hash));
        var interrupted = await Verifier.VerifyAsync();
        interrupted.Problem.Should().BeNull();
        interrupted.Anchor!.Sequence.Should().Be(4);
        interrupted.PurgeUnderWay!.Sequence.Should().Be(6);
        interrupted.RowsVerified.Should().Be(6);

        await Checkpoints.AnchorAsync();

        var signed = await Verifier.VerifyAsync();
        signed.Problem.Should().BeNull();
        signed.PurgeUnderWay.Should().BeNull();
    }

    [Fact]
    public async Task PurgeIntent_NothingOldEnoughToPurge_SignsNothing()
    {
        await WriteTrailAsync(4);

        var intent = await Checkpoints.PurgeIntentAsync(ThirtyDaysAgo);

        intent.Should().BeNull();
        (Directory.Exists(_checkpoints) ? Directory.GetFiles(_checkpoints, "*.json") : []).Should().BeEmpty("no checkpoint of any kind was written");
    }

    [Fact]
    public async Task Verify_AnchorMovedPastWhatThePurgeAnnounced_IsReported()
    {
        await WriteSixExpiredThenFourAsync();
        await Checkpoints.PurgeIntentAsync(ThirtyDaysAgo);
        await Services.GetRequiredService<IAuditStore>().PurgeAsync(ThirtyDaysAgo, 2);

        // Hiding a record the purge did not announce: delete up to row 7 and move the anchor past it.
        var seventh = await Chain.ReadChainAsync(6).FirstAsync();
        await ExecuteAsync($"DELETE FROM {Table} WHERE seq <= 7");
        await ExecuteAsync($"UPDATE {ChainTable} SET anchor_seq = 7, anchor_hash = @hash", ("@hash", seventh.Hash));

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.RewrittenChain);
        problem.Sequence.Should().Be(7);
        problem.Message.Should().Contain("announced rows up to 6");
    }

    [Fact]
    public async Task Verify_AnchorMovedAfterThePurgeSignedItsAnchor_IsReportedEvenWithinWhatItAnnounced()
    {
        await WriteSixExpiredThenFourAsync();
        await Checkpoints.PurgeIntentAsync(ThirtyDaysAgo);
        await Services.GetRequiredService<IAuditStore>().PurgeAsync(ThirtyDaysAgo, 4);
        await Checkpoints.AnchorAsync();

        // The purge ended at row 4 (say, a hold); rows 5 and 6 are removed by hand afterwards.
        var sixth = await Chain.ReadChainAsync(5).FirstAsync();
        await ExecuteAsync($"DELETE FROM {Table} WHERE seq <= 6");
        await ExecuteAsync($"UPDATE {ChainTable} SET anchor_seq = 6, anchor_hash = @hash", ("@hash", sixth.Hash));

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.RewrittenChain);
        problem.Sequence.Should().Be(6);
    }

    [Fact]
    public async Task Verify_PurgeCommitsBeforeThePassReadsTheRows_RunsAgainFromTheNewAnchor()
    {
        await _services!.DisposeAsync();
        var store = new PurgeObservingStore(CreateStore());
        _services = Build(store);
        await WriteSixExpiredThenFourAsync();
        await Checkpoints.PurgeIntentAsync(ThirtyDaysAgo);

        // The purge's first batch commits after the verifier read the anchor (none) and before it reads the rows.
        store.BeforeFirstChainRead = () => store.PurgeAsync(ThirtyDaysAgo, 2);
        var report = await Verifier.VerifyAsync();

        report.Problem.Should().BeNull("the rows the first pass missed were purged under it");
        report.Anchor!.Sequence.Should().Be(2);
        report.PurgeUnderWay!.Sequence.Should().Be(6);
        report.RowsVerified.Should().Be(8);
    }

    [Fact]
    public async Task Verify_PurgeSignsAndCommitsBetweenTheCheckpointsAndTheAnchorRead_RunsAgainWithItsIntent()
    {
        await _services!.DisposeAsync();
        var store = new PurgeObservingStore(CreateStore());
        _services = Build(store);
        await WriteSixExpiredThenFourAsync();
        await Checkpoints.CheckpointAsync();

        // Another instance's retention signs its intent and commits its first batch after the verifier read the
        // checkpoints and before it reads the anchor: the anchor it reads is one no checkpoint it holds announces.
        store.BeforeNextAnchorRead = async () =>
        {
            await Checkpoints.PurgeIntentAsync(ThirtyDaysAgo);
            await store.PurgeAsync(ThirtyDaysAgo, 2);
        };
        var report = await Verifier.VerifyAsync();

        report.Problem.Should().BeNull("the purge announced the rows it removed before it moved the anchor");
        report.Anchor!.Sequence.Should().Be(2);
        report.PurgeUnderWay!.Sequence.Should().Be(6);
        report.RowsVerified.Should().Be(8);
    }

    /// <summary>Keeps the chain, and runs a step of the test after the first purge batch or before the first chain read.</summary>
    private sealed class PurgeObservingStore(IAuditStore inner) : DelegatingAuditStore(inner), IAuditChainStore, IAuditPurgeLock
    {
        private int _purges;
        private int _reads;
        private Func<Task>? _beforeAnchorRead;

        public Func<Task>? AfterFirstPurge { get; init; }

        public Func<Task>? BeforeFirstChainRead { get; set; }

        /// <summary>Runs once, before the next read of the anchor.</summary>
        public Func<Task>? BeforeNextAnchorRead
        {
            get => _beforeAnchorRead;
            set => _beforeAnchorRead = value;
        }

        private IAuditChainStore InnerChain => (IAuditChainStore)Inner;

        public override async Task<int> PurgeAsync(DateTimeOffset occurredBefore, int maxRows, CancellationToken cancellationToken = default)
        {
            var deleted = await base.PurgeAsync(occurredBefore, maxRows, cancellationToken);
            if (Interlocked.Increment(ref _purges) == 1 && AfterFirstPurge is { } after)
            {
                await after();
            }

            return deleted;
        }

        public Task<IAsyncDisposable?> TryAcquirePurgeLockAsync(CancellationToken cancellationToken = default) => AuditPurgeLocks.TryAcquireAsync(Inner, cancellationToken);

        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => InnerChain.GetHeadAsync(cancellationToken);

        public async Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _beforeAnchorRead, null) is { } before)
            {
                await before();
            }

            return await InnerChain.GetAnchorAsync(cancellationToken);
        }

        public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (BeforeFirstChainRead is { } before && Interlocked.Increment(ref _reads) == 1)
            {
                await before();
            }

            await foreach (var entry in InnerChain.ReadChainAsync(afterSequence, cancellationToken))
            {
                yield return entry;
            }
        }
    }
}
