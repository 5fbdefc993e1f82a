using System.Runtime.CompilerServices;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Integrity;

/// <summary>
/// A store that cannot read a row fails its chain there (<see cref="AuditUnreadableRowException"/>): the verifier
/// names the row as modified, or the gap before it as missing.
/// </summary>
public sealed class AuditVerifierUnreadableRowTests
{
    [Theory]
    [InlineData(4, AuditIntegrityProblemKind.ModifiedRow, 4)]
    [InlineData(6, AuditIntegrityProblemKind.MissingRow, 4)]
    public async Task Verify_StoreCannotReadARow_NamesTheRow(long unreadable, AuditIntegrityProblemKind kind, long sequence)
    {
        var store = new UnreadableRowStore(unreadable);

        var report = await new AuditVerifier(store, null, null).VerifyAsync();

        report.Problem.Should().NotBeNull();
        report.Problem!.Kind.Should().Be(kind);
        report.Problem.Sequence.Should().Be(sequence);
        report.RowsVerified.Should().Be(3);
    }

    [Fact]
    public async Task Verify_NewestRowWithoutAValidHash_ReportsTheModifiedRow()
    {
        var store = new UnreadableRowStore(unreadable: null) { HeadUnreadable = true };

        var report = await new AuditVerifier(store, null, null).VerifyAsync();

        report.Problem.Should().BeEquivalentTo(new { Kind = AuditIntegrityProblemKind.ModifiedRow, Sequence = 4L });
    }

    /// <summary>Rows 1 to 3 read; then the unreadable row, or row 4 stored without a hash.</summary>
    private sealed class UnreadableRowStore(long? unreadable) : IAuditChainStore, IAuditChainRangeChecker
    {
        private readonly List<AuditChainEntry> _rows = Rows();

        public bool HeadUnreadable { get; init; }

        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) =>
            HeadUnreadable
                ? throw new InvalidDataException("The audit row at sequence 4 has no valid chain hash; the table was altered outside AuditTrail.")
                : Task.FromResult<AuditChainPosition?>(new AuditChainPosition(3, _rows[2].Hash));

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => Task.FromResult<AuditChainPosition?>(null);

        public Task<AuditChainRangeResult> CheckRangeAsync(AuditChainRange range, CancellationToken cancellationToken = default) =>
            Task.FromResult(AuditChainRangeResult.NotConfirmed);

        public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            foreach (var row in _rows.Where(r => r.Sequence > afterSequence))
            {
                yield return row;
            }

            if (unreadable is { } sequence)
            {
                throw new AuditUnreadableRowException($"The audit row at sequence {sequence} cannot be read.", new FormatException("not a GUID")) { Sequence = sequence };
            }

            if (HeadUnreadable)
            {
                yield return new AuditChainEntry(4, [], Some.Record());
            }
        }

        private static List<AuditChainEntry> Rows()
        {
            var rows = new List<AuditChainEntry>();
            var previous = AuditChain.GenesisHash.ToArray();
            for (var sequence = 1; sequence <= 3; sequence++)
            {
                var record = Some.Record();
                previous = AuditChain.ComputeHash(previous, sequence, record);
                rows.Add(new AuditChainEntry(sequence, previous, record));
            }

            return rows;
        }
    }
}
