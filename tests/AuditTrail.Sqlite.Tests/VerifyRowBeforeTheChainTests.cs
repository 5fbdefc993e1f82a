using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// A row put in the table before the chain's start (a sequence number of 0 or below, or at or below the retention
/// anchor) is read and exported like any other record, so the verifier must report it, not start after it.
/// </summary>
public sealed class VerifyRowBeforeTheChainTests : IDisposable
{
    private const string ForgedId = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";
    private readonly TemporaryDatabase _database = new();
    private readonly SqliteAuditStore _store;

    public VerifyRowBeforeTheChainTests()
    {
        _store = _database.CreateStore();
    }

    public void Dispose() => _database.Dispose();

    /// <summary>Inserts a copy of row <paramref name="from"/> at <paramref name="sequence"/>, under another id and actor.</summary>
    private void InsertCopy(long from, long sequence) => _database.Execute(
        "INSERT INTO audit_events (seq, id, occurred_at, recorded_at, actor_id, actor_type, action, action_type, outcome, changes, metadata, hash) " +
        $"SELECT {sequence}, '{ForgedId}', occurred_at, recorded_at, 'u-forged', actor_type, action, action_type, outcome, changes, metadata, hash FROM audit_events WHERE seq = {from}");

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task Verify_RowInsertedBeforeRowOne_IsReported(long sequence)
    {
        await _store.WriteAsync([Some.Record(Some.Time(1)), Some.Record(Some.Time(2)), Some.Record(Some.Time(3))]);
        InsertCopy(from: 1, sequence);

        var report = await new AuditVerifier(_store, checkpoints: null, keys: null).VerifyAsync();

        report.Problem.Should().NotBeNull("the forged row is exported like any other record");
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(sequence);
        report.Problem.EventId.Should().Be(Guid.Parse(ForgedId));
        report.Problem.Message.Should().Contain("before the start of the chain");
    }

    [Fact]
    public async Task Verify_RowInsertedAtOrBelowTheRetentionAnchor_IsReported()
    {
        await _store.WriteAsync([Some.Record(Some.Time(1)), Some.Record(Some.Time(2)), Some.Record(Some.Time(3)), Some.Record(Some.Time(4))]);
        (await _store.PurgeAsync(Some.Time(3), maxRows: 100)).Should().Be(2);
        (await new AuditVerifier(_store, checkpoints: null, keys: null).VerifyAsync()).IsValid.Should().BeTrue();
        InsertCopy(from: 3, sequence: 2);

        var report = await new AuditVerifier(_store, checkpoints: null, keys: null).VerifyAsync();

        report.Problem.Should().NotBeNull();
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(2);
        report.Problem.Message.Should().Contain("retention anchor at row 2");
    }
}
