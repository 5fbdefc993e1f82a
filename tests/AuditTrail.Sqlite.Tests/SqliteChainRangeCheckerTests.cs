using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The SQLite store's range checker (the verifier's fast path) on real files: it confirms what the store wrote,
/// never confirms an edited row, and whatever it cannot confirm the verifier still judges from the records.
/// </summary>
public sealed class SqliteChainRangeCheckerTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly SqliteAuditStore _store;

    public SqliteChainRangeCheckerTests()
    {
        _store = _database.CreateStore();
    }

    public void Dispose() => _database.Dispose();

    /// <summary>Records that exercise every encoding path: nulls, no resource, escapes in JSON, non-BMP text, metadata keys whose UTF-8 and UTF-16 orders differ.</summary>
    private static AuditRecord[] VariedRecords() =>
    [
        Some.FullRecord(),
        Some.Record(),
        Some.SparseRecord(Some.Time(1)) with { Actor = AuditActor.System },
        Some.Record(Some.Time(2)) with
        {
            Description = string.Empty,
            Resource = new AuditResource("api_key", null, null),
            Changes = [new AuditFieldChange("ctrl\u0001\u001f", "\u2028\u2029", "</script>&<'>"), new AuditFieldChange("emoji", "😀", "\uE000")],
            Metadata = Some.Metadata(("\uE000", "private use"), ("😀", "astral"), ("A", "\"quoted\" \\ back"), ("z", string.Empty)),
        },
        Some.Record(Some.Time(3)) with { Outcome = AuditOutcome.Failure, FailureReason = "Invalid password", ActionType = AuditActionType.Security },
    ];

    private async Task<AuditChainPosition> WriteAsync(params AuditRecord[][] batches)
    {
        foreach (var batch in batches)
        {
            await _store.WriteAsync(batch);
        }

        return (await _store.GetHeadAsync())!;
    }

    private static Dictionary<long, byte[]> NoExpectedHashes() => [];

    [Fact]
    public async Task CheckRange_EverythingTheStoreWrote_IsConfirmedWithTheHeadHash()
    {
        var head = await WriteAsync(VariedRecords(), VariedRecords());

        var result = await _store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, AuditChain.GenesisHash.ToArray(), NoExpectedHashes()));

        result.Confirmed.Should().BeTrue();
        result.LastHash.Should().Equal(head.Hash);
    }

    [Fact]
    public async Task CheckRange_StoreConfiguredByConnectionString_IsConfirmedOnItsOwnConnections()
    {
        // Without a file path the checker reads through the store's ADO.NET connection rather than one of its own.
        var store = _database.Track(new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source={_database.Path}" }));
        await store.WriteAsync(VariedRecords());
        var head = (await store.GetHeadAsync())!;

        var result = await store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, AuditChain.GenesisHash.ToArray(), NoExpectedHashes()));

        result.Confirmed.Should().BeTrue();
        result.LastHash.Should().Equal(head.Hash);
    }

    [Fact]
    public async Task CheckRange_SplitAtEveryRow_EachPartIsConfirmedFromTheHashStoredBeforeIt()
    {
        var head = await WriteAsync(VariedRecords());
        var previous = AuditChain.GenesisHash.ToArray();

        for (var split = 1; split < head.Sequence; split++)
        {
            var first = await _store.CheckRangeAsync(new AuditChainRange(0, split, previous, NoExpectedHashes()));
            var second = await _store.CheckRangeAsync(new AuditChainRange(split, head.Sequence, null, NoExpectedHashes()));

            first.Confirmed.Should().BeTrue($"rows 1-{split} are untouched");
            second.Confirmed.Should().BeTrue($"rows {split + 1}-{head.Sequence} are untouched");
            second.LastHash.Should().Equal(head.Hash);
        }
    }

    [Fact]
    public async Task CheckRange_ManyChunks_IsConfirmed()
    {
        var rows = SqliteChainRangeCheckerChunkRows + 7;
        var head = await WriteAsync(Some.Records(rows, i => Some.Time(i)));

        var result = await _store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, AuditChain.GenesisHash.ToArray(), NoExpectedHashes()));

        result.Confirmed.Should().BeTrue();
        result.LastHash.Should().Equal(head.Hash);
    }

    [Theory]
    [InlineData("id = lower(id)", false)]
    [InlineData("occurred_at = occurred_at + 1", true)]
    [InlineData("recorded_at = recorded_at - 1", true)]
    [InlineData("actor_type = 'System'", true)]
    [InlineData("actor_id = 'u-mallory'", true)]
    [InlineData("actor_name = NULL", true)]
    [InlineData("action = 'server.viewed'", true)]
    [InlineData("action_type = 'Delete'", true)]
    [InlineData("outcome = 'Success'", true)]
    [InlineData("failure_reason = 'Typo'", true)]
    [InlineData("resource_type = 'router'", true)]
    [InlineData("resource_id = 'srv-99'", true)]
    [InlineData("resource_name = 'db-01'", true)]
    [InlineData("description = 'nothing happened'", true)]
    [InlineData("changes = '[]'", true)]
    [InlineData("changes = replace(changes, '1.5', '9.5')", true)]
    [InlineData("source_ip = '198.51.100.7'", true)]
    [InlineData("source_ip_as_hashed = source_ip", true)]
    [InlineData("source_ip_as_hashed = '198.51.100.7'", true)]
    [InlineData("user_agent = NULL", true)]
    [InlineData("correlation_id = ''", true)]
    [InlineData("tenant_id = 'tenant-b'", true)]
    [InlineData("metadata = '{}'", true)]
    [InlineData("metadata = replace(metadata, 'значение', 'value')", true)]
    [InlineData("tombstone = 'retention:Period'", true)]
    [InlineData("tombstone = 'retention:Period', content_digest = x'00'", true)]
    public async Task CheckRange_ColumnEditedInTheDatabase_IsNotConfirmed_AndTheVerifierNamesTheRow(string assignment, bool changesTheRecord)
    {
        var records = VariedRecords();
        var head = await WriteAsync(records);
        _database.Execute("DROP TRIGGER IF EXISTS audit_events_append_only");

        // Row 1 is the full record: every column holds a value.
        _database.Execute($"UPDATE audit_events SET {assignment} WHERE seq = 1");

        var result = await _store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, AuditChain.GenesisHash.ToArray(), NoExpectedHashes()));
        var report = await new AuditVerifier(_store, checkpoints: null, keys: null).VerifyAsync();

        result.Confirmed.Should().Be(!changesTheRecord);
        if (changesTheRecord)
        {
            report.Problem.Should().NotBeNull();
            report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
            report.Problem.Sequence.Should().Be(1);
            report.Problem.EventId.Should().Be(records[0].Id);
        }
        else
        {
            report.IsValid.Should().BeTrue();
        }
    }

    [Theory]
    [InlineData("metadata = json_object('b', '2', 'a', '1' || char(13, 10), 'ключ', 'значение', 'json', '{\"x\":[1,2],\"y\":null}', 'empty', '')")]
    [InlineData("changes = replace(changes, '\"field\":\"load_multiplier\",\"old\":\"1.0\"', '\"old\":\"1.0\",\"field\":\"load_multiplier\"')")]
    [InlineData("id = upper(id)")]
    public async Task Verify_ContentRewrittenInAnotherFormThatReadsTheSame_IsStillValid(string assignment)
    {
        // The checker confirms only the exact form the store writes; a row that reads back as the same record in
        // another form (keys reordered, an id in capitals) is left to the record-by-record pass, which accepts it.
        var head = await WriteAsync(VariedRecords());
        _database.Execute("DROP TRIGGER IF EXISTS audit_events_append_only");
        _database.Execute($"UPDATE audit_events SET {assignment} WHERE seq = 1");

        var result = await _store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, AuditChain.GenesisHash.ToArray(), NoExpectedHashes()));
        var report = await new AuditVerifier(_store, checkpoints: null, keys: null).VerifyAsync();

        result.Confirmed.Should().BeFalse();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.RowsVerified.Should().Be(head.Sequence);
    }

    [Fact]
    public async Task CheckRange_WrongPreviousHash_IsNotConfirmed()
    {
        var head = await WriteAsync(VariedRecords());
        var wrong = AuditChain.GenesisHash.ToArray();
        wrong[0] = 1;

        var result = await _store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, wrong, NoExpectedHashes()));

        result.Should().Be(AuditChainRangeResult.NotConfirmed);
    }

    [Fact]
    public async Task CheckRange_RowMissingInsideOrAtTheEnd_IsNotConfirmed()
    {
        var head = await WriteAsync(VariedRecords());
        _database.Execute("DROP TRIGGER IF EXISTS audit_events_append_only");
        _database.Execute("DELETE FROM audit_events WHERE seq = 3");

        (await _store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, AuditChain.GenesisHash.ToArray(), NoExpectedHashes())))
            .Confirmed.Should().BeFalse("row 3 is missing");
        (await _store.CheckRangeAsync(new AuditChainRange(3, head.Sequence, null, NoExpectedHashes())))
            .Confirmed.Should().BeFalse("the hash stored at row 3 is needed to start after it");
        (await _store.CheckRangeAsync(new AuditChainRange(0, 2, AuditChain.GenesisHash.ToArray(), NoExpectedHashes())))
            .Confirmed.Should().BeTrue("rows 1-2 are untouched");
        (await _store.CheckRangeAsync(new AuditChainRange(0, head.Sequence + 1, AuditChain.GenesisHash.ToArray(), NoExpectedHashes())))
            .Confirmed.Should().BeFalse("the range runs past the last row");
    }

    [Fact]
    public async Task CheckRange_ExpectedHashes_MustMatchTheStoredOnes()
    {
        var head = await WriteAsync(VariedRecords());
        var genesis = AuditChain.GenesisHash.ToArray();

        var matching = await _store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, genesis, new Dictionary<long, byte[]> { [head.Sequence] = head.Hash }));
        var differing = await _store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, genesis, new Dictionary<long, byte[]> { [2] = head.Hash }));

        matching.Confirmed.Should().BeTrue();
        differing.Confirmed.Should().BeFalse();
    }

    [Theory]
    [InlineData(-1, 5, 32)]
    [InlineData(5, 5, 32)]
    [InlineData(6, 5, 32)]
    [InlineData(0, 5, 31)]
    public async Task CheckRange_InvalidRange_IsRejectedNamingTheRange(long after, long through, int previousLength)
    {
        var act = () => _store.CheckRangeAsync(new AuditChainRange(after, through, new byte[previousLength], NoExpectedHashes()));

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("range");
    }

    /// <summary>Rows per statement run in the checker: a range longer than this spans several runs.</summary>
    private const int SqliteChainRangeCheckerChunkRows = SqliteChainRangeChecker.ChunkRows;
}
