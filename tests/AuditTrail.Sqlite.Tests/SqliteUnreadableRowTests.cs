using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// Edits only SQLite's untyped columns can hold (PostgreSQL keeps ids as uuid and changes as jsonb): the verifier
/// names the row as modified, and a read that reaches it fails naming its sequence.
/// </summary>
public sealed class SqliteUnreadableRowTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("id = 'not-a-guid'")]
    [InlineData("changes = 'not json'")]
    [InlineData("metadata = 'not json'")]
    public async Task Verify_RowEditedIntoUnreadableValues_ReportsTheModifiedRow(string assignment)
    {
        var store = await WriteAndEditAsync(assignment);

        var report = await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync();

        report.Problem.Should().NotBeNull("row 4 was edited");
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(4);
        report.RowsVerified.Should().Be(3);
    }

    [Fact]
    public async Task Stream_RowWithAnIdThatIsNotAGuid_FailsNamingItsSequence()
    {
        var store = await WriteAndEditAsync("id = 'not-a-guid'");

        var read = async () => await store.StreamAsync(new AuditFilter()).ToListAsync();

        var thrown = await read.Should().ThrowAsync<AuditUnreadableRowException>();
        thrown.Which.Sequence.Should().Be(4);
        thrown.Which.Message.Should().Contain("sequence 4").And.Contain("altered outside AuditTrail").And.Contain("audittrail verify");
        thrown.Which.InnerException.Should().BeOfType<FormatException>();
    }

    private async Task<SqliteAuditStore> WriteAndEditAsync(string assignment)
    {
        var store = _database.CreateStore(o => o.IndexSearchInBackground = false);
        await store.WriteAsync(Some.Records(6, Some.Time));
        _database.Execute("DROP TRIGGER IF EXISTS audit_events_append_only");
        _database.Execute($"UPDATE audit_events SET {assignment} WHERE seq = 4");
        return store;
    }
}
