using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The PostgreSQL store's range checker (the verifier's fast path) on a real server: it confirms what the store wrote,
/// in the plain and the partitioned layout, never confirms an edited, deleted or rewritten row, and the verifier
/// gives the same verdict with it as with the record-by-record pass alone.
/// </summary>
[PostgreSqlRequired]
public sealed class PostgreSqlChainRangeCheckerTests : IAsyncLifetime
{
    private TestSchema _schema = null!;

    public async Task InitializeAsync()
    {
        PostgreSqlEnvironment.RequireConfigured();
        _schema = await TestSchema.CreateAsync();
    }

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    private string Table => $"\"{_schema.Name}\".audit_events";

    /// <remarks>
    /// No background search pass: the tests edit rows after dropping the append-only trigger, and a pass reading the
    /// table on another connection meanwhile could deadlock with that (seen on the partitioned layout).
    /// </remarks>
    private PostgreSqlAuditStore CreateStore(bool partitioned = false) =>
        _schema.CreateStore(options =>
        {
            options.IndexSearchInBackground = false;
            if (partitioned)
            {
                options.Partitioning = new PostgreSqlPartitioningOptions();
            }
        });

    /// <summary>
    /// Records that exercise every encoding path: v1 and v2 (target user) links, nulls, no resource, escapes in JSON,
    /// non-BMP text, metadata keys whose UTF-8, UTF-16 and jsonb orders differ, values longer than the checker's buffers.
    /// </summary>
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
            Metadata = Some.Metadata(("\uE000", "private use"), ("😀", "astral"), ("A", "\"quoted\" \\ back"), ("z", string.Empty), ("longer key", "x"), ("bb", "y")),
        },
        Some.Record(Some.Time(3)) with { Outcome = AuditOutcome.Failure, FailureReason = "Invalid password", ActionType = AuditActionType.Security },
        Some.Record(Some.Time(4)) with { TargetUser = new AuditTargetUser("user-8", null), Changes = [] },

        // Values longer than the checker's buffers at first.
        Some.Record(Some.Time(5)) with
        {
            Description = Some.Text(5000, 'd'),
            Changes = [new AuditFieldChange("big", Some.Text(3000), null)],
            Metadata = Some.Metadata(("long", Some.Text(2000, 'm'))),
        },
    ];

    private static async Task<AuditChainPosition> WriteAsync(PostgreSqlAuditStore store, params AuditRecord[][] batches)
    {
        foreach (var batch in batches)
        {
            await store.WriteAsync(batch);
        }

        return (await store.GetHeadAsync())!;
    }

    private static AuditChainRange FromGenesis(long through) => new(0, through, AuditChain.GenesisHash.ToArray(), new Dictionary<long, byte[]>());

    private Task TamperAsync(string sql) =>
        _schema.ExecuteAsync($"DROP TRIGGER IF EXISTS audit_events_append_only ON {Table}; {sql}");

    /// <summary>Verifies with the checker and with the record-by-record pass alone; both must give the same report.</summary>
    private static async Task<AuditVerificationReport> VerifyBothWaysAsync(PostgreSqlAuditStore store)
    {
        var withChecker = await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync();
        var recordsOnly = await new AuditVerifier(new RecordsOnly(store), checkpoints: null, keys: null).VerifyAsync();

        withChecker.Should().BeEquivalentTo(recordsOnly, "the range checker only ever shortens the record pass");
        return withChecker;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CheckRange_EverythingTheStoreWrote_IsConfirmedWithTheHeadHash(bool partitioned)
    {
        var store = CreateStore(partitioned);
        var head = await WriteAsync(store, VariedRecords(), VariedRecords());

        var result = await store.CheckRangeAsync(FromGenesis(head.Sequence));

        result.Confirmed.Should().BeTrue();
        result.LastHash.Should().Equal(head.Hash);
    }

    [Fact]
    public async Task Verify_CleanChain_IsConfirmedThroughTheChecker()
    {
        var store = CreateStore();
        var head = await WriteAsync(store, VariedRecords(), Some.Records(50, i => Some.Time(10 + i)));
        var counting = new CountingChecker(store);

        var report = await new AuditVerifier(counting, checkpoints: null, keys: null).VerifyAsync();

        counting.Confirmed.Should().BeGreaterThan(0, "the verifier asks the store's checker first");
        counting.NotConfirmed.Should().Be(0);
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.RowsVerified.Should().Be(head.Sequence);
        (await VerifyBothWaysAsync(store)).Should().BeEquivalentTo(report);
    }

    [Fact]
    public async Task CheckRange_SplitAtEveryRow_EachPartIsConfirmedFromTheHashStoredBeforeIt()
    {
        var store = CreateStore();
        var head = await WriteAsync(store, VariedRecords());

        for (var split = 1; split < head.Sequence; split++)
        {
            var first = await store.CheckRangeAsync(FromGenesis(split));
            var second = await store.CheckRangeAsync(new AuditChainRange(split, head.Sequence, null, new Dictionary<long, byte[]>()));

            first.Confirmed.Should().BeTrue($"rows 1-{split} are untouched");
            second.Confirmed.Should().BeTrue($"rows {split + 1}-{head.Sequence} are untouched");
            second.LastHash.Should().Equal(head.Hash);
        }
    }

    [Theory]
    [InlineData("id = gen_random_uuid()")]
    [InlineData("occurred_at = occurred_at + interval '1 microsecond'")]
    [InlineData("recorded_at = recorded_at - interval '1 microsecond'")]
    [InlineData("actor_type = 'System'")]
    [InlineData("actor_id = 'u-mallory'")]
    [InlineData("actor_name = NULL")]
    [InlineData("action = 'server.viewed'")]
    [InlineData("action_type = 'Delete'")]
    [InlineData("outcome = 'Success'")]
    [InlineData("failure_reason = 'Typo'")]
    [InlineData("resource_type = NULL")]
    [InlineData("resource_id = 'srv-99'")]
    [InlineData("resource_name = 'db-01'")]
    [InlineData("description = NULL")]
    [InlineData("changes = '[]'")]
    [InlineData("changes = jsonb_set(changes, '{0,new}', '\"9.5\"')")]
    [InlineData("changes = jsonb_set(changes, '{0,old}', 'null')")]
    [InlineData("changes = changes - 0")]
    [InlineData("source_ip = '198.51.100.7'")]
    [InlineData("source_ip_as_hashed = '198.51.100.7'")]
    [InlineData("user_agent = NULL")]
    [InlineData("correlation_id = ''")]
    [InlineData("tenant_id = 'tenant-b'")]
    [InlineData("metadata = '{}'")]
    [InlineData("metadata = metadata || '{\"ключ\": \"value\"}'")]
    [InlineData("metadata = metadata || '{\"added\": \"x\"}'")]
    [InlineData("metadata = metadata - 'b'")]
    [InlineData("target_user_id = NULL")]
    [InlineData("target_user_name = 'Someone else'")]
    [InlineData("hash = sha256('forged'::bytea)")]
    public async Task CheckRange_ColumnEditedInTheDatabase_IsNotConfirmed_AndBothPathsNameTheRow(string assignment)
    {
        var store = CreateStore();
        var records = VariedRecords();
        var head = await WriteAsync(store, records);

        // Row 1 is the full record: every column holds a value, and it has a target user (a v2 link).
        await TamperAsync($"UPDATE {Table} SET {assignment} WHERE seq = 1");

        var result = await store.CheckRangeAsync(FromGenesis(head.Sequence));
        var report = await VerifyBothWaysAsync(store);

        result.Should().Be(AuditChainRangeResult.NotConfirmed);
        report.Problem.Should().NotBeNull();
        report.Problem!.Sequence.Should().Be(1);
        report.Problem.EventId.Should().NotBeNull();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Verify_RowEditedInTheMiddle_IsNamedByBothPaths(bool partitioned)
    {
        var store = CreateStore(partitioned);
        var records = Some.Records(30, i => Some.Time(i));
        var head = await WriteAsync(store, records);
        await TamperAsync($"UPDATE {Table} SET description = 'rewritten' WHERE seq = 17");

        var result = await store.CheckRangeAsync(FromGenesis(head.Sequence));
        var before = await store.CheckRangeAsync(FromGenesis(16));
        var report = await VerifyBothWaysAsync(store);

        result.Confirmed.Should().BeFalse();
        before.Confirmed.Should().BeTrue("rows 1-16 are untouched");
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(17);
        report.Problem.EventId.Should().Be(records[16].Id);
        report.RowsVerified.Should().Be(16);
    }

    [Fact]
    public async Task CheckRange_RowMissingInsideOrAtTheEnd_IsNotConfirmed_AndBothPathsReportIt()
    {
        var store = CreateStore();
        var head = await WriteAsync(store, VariedRecords());
        await TamperAsync($"DELETE FROM {Table} WHERE seq = 3");

        (await store.CheckRangeAsync(FromGenesis(head.Sequence))).Confirmed.Should().BeFalse("row 3 is missing");
        (await store.CheckRangeAsync(new AuditChainRange(3, head.Sequence, null, new Dictionary<long, byte[]>())))
            .Confirmed.Should().BeFalse("the hash stored at row 3 is needed to start after it");
        (await store.CheckRangeAsync(FromGenesis(2))).Confirmed.Should().BeTrue("rows 1-2 are untouched");
        (await store.CheckRangeAsync(FromGenesis(head.Sequence + 1))).Confirmed.Should().BeFalse("the range runs past the last row");

        var report = await VerifyBothWaysAsync(store);
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.MissingRow);
        report.Problem.Sequence.Should().Be(3);
    }

    [Fact]
    public async Task CheckRange_WrongPreviousHash_IsNotConfirmed()
    {
        var store = CreateStore();
        var head = await WriteAsync(store, VariedRecords());
        var wrong = AuditChain.GenesisHash.ToArray();
        wrong[0] = 1;

        var result = await store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, wrong, new Dictionary<long, byte[]>()));

        result.Should().Be(AuditChainRangeResult.NotConfirmed);
    }

    [Fact]
    public async Task CheckRange_ExpectedHashes_MustMatchTheStoredOnes()
    {
        var store = CreateStore();
        var head = await WriteAsync(store, VariedRecords());
        var genesis = AuditChain.GenesisHash.ToArray();

        var matching = await store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, genesis, new Dictionary<long, byte[]> { [head.Sequence] = head.Hash }));
        var differing = await store.CheckRangeAsync(new AuditChainRange(0, head.Sequence, genesis, new Dictionary<long, byte[]> { [2] = head.Hash }));

        matching.Confirmed.Should().BeTrue();
        differing.Confirmed.Should().BeFalse();
    }

    /// <summary>The verdicts themselves (a tombstone with a retention policy, a logged erasure) are the conformance tests'; here, only that both paths agree.</summary>
    [Fact]
    public async Task Verify_ErasedAndTombstonedRows_AreLeftToTheRecordPass_WithTheSameVerdict()
    {
        var store = CreateStore();
        var records = Some.Records(6, i => Some.Time(i));
        var head = await WriteAsync(store, records);
        (await store.TombstoneAsync([new AuditTombstoneRequest(2, records[1].Id, "retention:Period")])).Should().Be(1);
        var tombstoned = await store.CheckRangeAsync(FromGenesis(head.Sequence));
        var afterTombstone = await VerifyBothWaysAsync(store);

        // Erased straight in the store, without the erasure event the service logs: the verifier says so.
        (await store.EraseAsync("u1", AuditPseudonym.For([.. Enumerable.Range(1, 32).Select(i => (byte)i)], "u1"))).Should().NotBeNull();
        var erased = await store.CheckRangeAsync(FromGenesis(head.Sequence));
        var afterErasure = await VerifyBothWaysAsync(store);

        tombstoned.Confirmed.Should().BeFalse("a tombstoned row is left to the record pass");
        afterTombstone.Problem!.Sequence.Should().Be(2, "without a retention policy the verifier names the tombstone");
        afterTombstone.RowsVerified.Should().Be(1);
        erased.Confirmed.Should().BeFalse("erased rows no longer hash to their stored links");
        afterErasure.LastSequence.Should().NotBeNull();
    }

    [Theory]
    [InlineData(-1, 5, 32)]
    [InlineData(5, 5, 32)]
    [InlineData(6, 5, 32)]
    [InlineData(0, 5, 31)]
    public async Task CheckRange_InvalidRange_IsRejectedNamingTheRange(long after, long through, int previousLength)
    {
        var store = CreateStore();

        var act = () => store.CheckRangeAsync(new AuditChainRange(after, through, new byte[previousLength], new Dictionary<long, byte[]>()));

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("range");
    }

    /// <summary>A chain store that hides the range checker of the store it wraps: the record-by-record pass alone.</summary>
    private sealed class RecordsOnly(IAuditChainStore inner) : IAuditChainStore
    {
        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => inner.GetAnchorAsync(cancellationToken);

        public IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, CancellationToken cancellationToken = default) =>
            inner.ReadChainAsync(afterSequence, cancellationToken);
    }

    /// <summary>The store's chain and range checker, counting what the checker answers.</summary>
    private sealed class CountingChecker(PostgreSqlAuditStore inner) : IAuditChainStore, IAuditChainRangeChecker
    {
        private int _confirmed;
        private int _notConfirmed;

        public int Confirmed => _confirmed;

        public int NotConfirmed => _notConfirmed;

        public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

        public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => inner.GetAnchorAsync(cancellationToken);

        public IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, CancellationToken cancellationToken = default) =>
            inner.ReadChainAsync(afterSequence, cancellationToken);

        public async Task<AuditChainRangeResult> CheckRangeAsync(AuditChainRange range, CancellationToken cancellationToken = default)
        {
            var result = await inner.CheckRangeAsync(range, cancellationToken);
            Interlocked.Increment(ref result.Confirmed ? ref _confirmed : ref _notConfirmed);
            return result;
        }
    }
}
