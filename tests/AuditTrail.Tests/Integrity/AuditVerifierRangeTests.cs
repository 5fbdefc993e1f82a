using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Integrity;

/// <summary>
/// How <see cref="AuditVerifier"/> uses a store's <see cref="IAuditChainRangeChecker"/>: parallel ranges that cover
/// the chain exactly once, and the record-by-record pass from the first range that is not confirmed.
/// </summary>
public sealed class AuditVerifierRangeTests
{
    private const int Rows = 120_000;

    private static readonly Lazy<AuditChainEntry[]> SharedChain = new(() => Chain(Rows));

    private static AuditChainEntry[] Chain(int rows)
    {
        var record = Some.Record();
        var entries = new AuditChainEntry[rows];
        var previous = AuditChain.GenesisHash.ToArray();
        for (var i = 0; i < rows; i++)
        {
            var entry = record with { Id = Some.Id(), Description = "row " + i };
            previous = AuditChain.ComputeHash(previous, i + 1, entry);
            entries[i] = new AuditChainEntry(i + 1, previous, entry);
        }

        return entries;
    }

    /// <summary>Ranges of at least 50 000 links, at most four per worker (one worker per processor, at most 8).</summary>
    private static int ExpectedRanges(long rows) => (int)Math.Clamp(rows / 50_000, 1, Math.Clamp(Environment.ProcessorCount, 1, 8) * 4);

    [Fact]
    public async Task Verify_EveryRangeConfirmed_CoversTheChainOnceAndReadsRecordsOnlyAfterTheHead()
    {
        var store = new RangeStore(SharedChain.Value);

        var report = await new AuditVerifier(store, null, null).VerifyAsync();

        report.IsValid.Should().BeTrue();
        report.RowsVerified.Should().Be(Rows);
        report.LastSequence.Should().Be(Rows);
        var ranges = store.Ranges.OrderBy(r => r.AfterSequence).ToList();
        ranges.Should().HaveCount(ExpectedRanges(Rows));
        ranges[0].AfterSequence.Should().Be(0);
        ranges[0].PreviousHash.Should().Equal(AuditChain.GenesisHash.ToArray());
        ranges.Skip(1).Should().OnlyContain(r => r.PreviousHash == null, "later ranges start from the hash stored before them");
        ranges.Zip(ranges.Skip(1)).Should().OnlyContain(pair => pair.First.ThroughSequence == pair.Second.AfterSequence);
        ranges[^1].ThroughSequence.Should().Be(Rows);
        store.ReadsAfter.Should().Equal([BeforeTheStart, Rows]);
    }

    /// <summary>The one read that looks for a row stored before the chain's start (its first row only).</summary>
    private const long BeforeTheStart = long.MinValue;

    [Fact]
    public async Task Verify_RangeNotConfirmed_ReadsRecordsFromItsStart_AndStillFindsTheTrailValid()
    {
        var store = new RangeStore(SharedChain.Value) { Refuse = range => range.ThroughSequence == Rows };

        var report = await new AuditVerifier(store, null, null).VerifyAsync();

        report.IsValid.Should().BeTrue();
        report.RowsVerified.Should().Be(Rows);
        var last = store.Ranges.Single(r => r.ThroughSequence == Rows);
        store.ReadsAfter.Should().Equal([BeforeTheStart, last.AfterSequence]);
    }

    [Fact]
    public async Task Verify_RowModifiedInALaterRange_IsNamedByTheRecordPass()
    {
        var chain = SharedChain.Value.ToArray();
        var target = Rows - 10;
        chain[target - 1] = chain[target - 1] with { Record = chain[target - 1].Record with { Description = "edited" } };
        var store = new RangeStore(chain);

        var report = await new AuditVerifier(store, null, null).VerifyAsync();

        report.Problem.Should().NotBeNull();
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(target);
        report.RowsVerified.Should().Be(target - 1);
    }

    [Fact]
    public async Task Verify_RowsWrittenAfterTheHeadWasRead_AreVerifiedToo()
    {
        var store = new RangeStore(SharedChain.Value) { ReportedHead = Rows - 25 };

        var report = await new AuditVerifier(store, null, null).VerifyAsync();

        report.IsValid.Should().BeTrue();
        report.RowsVerified.Should().Be(Rows);
        store.Ranges.Max(r => r.ThroughSequence).Should().Be(Rows - 25);
        store.ReadsAfter.Should().Equal([BeforeTheStart, Rows - 25]);
    }

    [Fact]
    public async Task Verify_SmallChain_IsOneRange()
    {
        var store = new RangeStore(Chain(10));

        var report = await new AuditVerifier(store, null, null).VerifyAsync();

        report.IsValid.Should().BeTrue();
        report.RowsVerified.Should().Be(10);
        store.Ranges.Should().ContainSingle().Which.Should().Match<AuditChainRange>(r => r.AfterSequence == 0 && r.ThroughSequence == 10);
    }

    /// <summary>An in-memory chain whose range checker recomputes from the records, refusing ranges on request.</summary>
    private sealed class RangeStore(AuditChainEntry[] chain) : IAuditChainStore, IAuditChainRangeChecker
    {
        public ConcurrentBag<AuditChainRange> Ranges { get; } = [];

        public ConcurrentQueue<long> ReadsAfter { get; } = new();

        public Func<AuditChainRange, bool> Refuse { get; init; } = _ => false;

        public long? ReportedHead { get; init; }

        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default)
        {
            var head = chain[(int)(ReportedHead ?? chain.Length) - 1];
            return Task.FromResult<AuditChainPosition?>(new AuditChainPosition(head.Sequence, head.Hash));
        }

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => Task.FromResult<AuditChainPosition?>(null);

        public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            ReadsAfter.Enqueue(afterSequence);
            await Task.Yield();
            foreach (var entry in chain.Skip((int)afterSequence))
            {
                yield return entry;
            }
        }

        public Task<AuditChainRangeResult> CheckRangeAsync(AuditChainRange range, CancellationToken cancellationToken = default)
        {
            Ranges.Add(range);
            if (Refuse(range))
            {
                return Task.FromResult(AuditChainRangeResult.NotConfirmed);
            }

            var previous = range.PreviousHash ?? chain[(int)range.AfterSequence - 1].Hash;
            for (var sequence = range.AfterSequence + 1; sequence <= range.ThroughSequence; sequence++)
            {
                var entry = chain[(int)sequence - 1];
                if (!AuditChain.ComputeHash(previous, sequence, entry.Record).AsSpan().SequenceEqual(entry.Hash))
                {
                    return Task.FromResult(AuditChainRangeResult.NotConfirmed);
                }

                previous = entry.Hash;
            }

            return Task.FromResult(new AuditChainRangeResult(true, previous));
        }
    }
}
