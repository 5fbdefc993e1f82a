using System.Data.Common;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using AuditTrail.Relational;
using static AuditTrail.PostgreSql.Tests.Support.ChainExpectations;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The links a writer computes from the head it expects: the multi-row statement writes them only when that head is the
/// chain's, no id of the batch is stored and there is a link a row, and links the rows itself otherwise; a writer's consecutive batches are
/// linked from the head it expects, and the chain verifies.
/// </summary>
public sealed class PostgreSqlPredictedLinksTests : SchemaTest
{
    /// <summary>A link no SHA-256 of this chain gives: written only if the statement takes the links it is given.</summary>
    private static readonly byte[] Marked = Enumerable.Repeat((byte)0xAB, AuditChain.HashLength).ToArray();

    [PostgreSqlFact]
    public async Task LinksFromTheChainsHead_AreWrittenAsGiven()
    {
        var store = Schema.CreateStore();
        await store.WriteAsync(Some.Records(2, Some.Time));
        var head = (await store.GetHeadAsync())!;

        var result = await AppendWithLinksAsync(head, Some.Records(3, seconds => Some.Time(10 + seconds)));

        result.Written.Should().Be(3);
        result.Head.Should().BeEquivalentTo(new AuditChainPosition(5, Marked));
        (await HashesAfterAsync(2)).Should().AllSatisfy(hash => hash.Should().Equal(Marked), "the statement checks the head the links follow");
    }

    [PostgreSqlTheory]
    [InlineData("another instance wrote")]
    [InlineData("same sequence, other hash")]
    [InlineData("an id of the batch is stored")]
    [InlineData("fewer links than rows")]
    public async Task LinksFromAnotherHead_OverAStoredId_OrTooFew_AreNotWritten_TheStatementLinksTheRows(string case_)
    {
        var store = Schema.CreateStore();
        var earlier = Some.Records(2, Some.Time);
        await store.WriteAsync(earlier);
        var head = (await store.GetHeadAsync())!;
        var batch = Some.Records(3, seconds => Some.Time(10 + seconds));
        var order = earlier.Select(record => record.Id).ToList();
        switch (case_)
        {
            case "another instance wrote":
                var other = Some.Record(Some.Time(5));
                await Schema.CreateStore().WriteAsync([other]);
                order.Add(other.Id);
                break;
            case "same sequence, other hash":
                head = head with { Hash = Marked };
                break;
            case "fewer links than rows":
                break;
            case "an id of the batch is stored":
                // Stored by an earlier attempt whose answer was lost; the head given is the chain's, after it.
                await Schema.CreateStore().WriteAsync([batch[1]]);
                order.Add(batch[1].Id);
                head = (await store.GetHeadAsync())!;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(case_), case_, "Not a case of this test.");
        }

        var result = await AppendWithLinksAsync(head, batch, links: case_ == "fewer links than rows" ? batch.Length - 1 : batch.Length);

        order.AddRange(batch.Select(record => record.Id).Except(order));
        result.Written.Should().Be(case_ == "an id of the batch is stored" ? 2 : 3);
        (await HashesAfterAsync(0)).Should().NotContain(hash => hash.SequenceEqual(Marked));
        await ExpectChainAsync(store, order);
    }

    [PostgreSqlFact]
    public async Task AWritersConsecutiveBatches_FollowTheHeadItExpects_AndVerify()
    {
        var store = Schema.CreateStore();
        var appender = Appender();
        var relational = Relational(appender);
        var records = new[]
        {
            Some.FullRecord(),
            Some.SparseRecord(Some.Time(1)),
            Some.Record(Some.Time(2)) with { TargetUser = null },
            Some.FullRecord() with { Id = Guid.CreateVersion7(), TargetUser = null },
            Some.Record(Some.Time(3)),
            Some.Record(Some.Time(4)),
            Some.Record(Some.Time(5)),
        };

        appender.ExpectedHead.Should().BeNull("a writer knows no head before its first answer");
        await relational.WriteAsync(records[..2]);
        await relational.WriteAsync(records[2..4]);
        await relational.WriteAsync(records[4..5]);
        await relational.WriteAsync(records[5..]);

        appender.ExpectedHead.Should().BeEquivalentTo(await store.GetHeadAsync());
        var entries = await ReadChainAsync(store);
        entries.Select(entry => entry.Record.Id).Should().Equal(records.Select(record => record.Id));
        var previous = AuditChain.GenesisHash.ToArray();
        foreach (var entry in entries)
        {
            entry.Hash.Should().Equal(AuditChain.ComputeHash(previous, entry.Sequence, entry.Record), "sequence {0} is linked as AuditChain links it", entry.Sequence);
            previous = entry.Hash;
        }
    }

    [PostgreSqlFact]
    public async Task AfterAnotherInstanceWrote_AWriterFollowsTheHeadItWasAnswered()
    {
        var store = Schema.CreateStore();
        var appender = Appender();
        var relational = Relational(appender);
        var records = Some.Records(7, Some.Time);

        await relational.WriteAsync(records[..2]);
        await Schema.CreateStore().WriteAsync(records[2..3]);
        await relational.WriteAsync(records[3..5]);
        appender.ExpectedHead.Should().BeEquivalentTo(await store.GetHeadAsync(), "the batch after the other instance's row was linked by the statement, which answered the head");
        await relational.WriteAsync(records[5..]);

        await ExpectChainAsync(store, records.Select(record => record.Id));
    }

    private PostgreSqlBatchAppender Appender() =>
        new(new PostgreSqlAuditSqlDialect(Schema.Name), "audit_events", new PostgreSqlWriteConnection(Schema.DataSource()));

    private RelationalAuditStore Relational(IAuditBatchAppender appender) =>
        new(new PostgreSqlAuditSqlDialect(Schema.Name), OpenAsync, "audit_events", new RelationalAuditStoreStrategies { BatchAppender = appender });

    /// <summary>Encodes the records as the store does and appends them with <paramref name="links"/> links (each <see cref="Marked"/>, one a row by default), said to follow <paramref name="head"/>.</summary>
    private async Task<AuditBatchAppendResult> AppendWithLinksAsync(AuditChainPosition head, AuditRecord[] records, int? links = null)
    {
        var appender = Appender();
        var given = new GivenLinksAppender(appender, head, links ?? records.Length);
        await Relational(given).WriteAsync(records);
        return given.Result.Should().NotBeNull().And.Subject.As<AuditBatchAppendResult>();
    }

    private Task<List<byte[]>> HashesAfterAsync(long sequence) =>
        TestDatabase.ColumnAsync<byte[]>(Schema.ConnectionString, $"SELECT hash FROM \"{Schema.Name}\".audit_events WHERE seq > {sequence} ORDER BY seq");

    private async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await TestDatabase.OpenUnpooledAsync(Schema.ConnectionString);

    /// <summary>Sends each batch with a given number of links, each <see cref="Marked"/>, said to follow a given head.</summary>
    private sealed class GivenLinksAppender(PostgreSqlBatchAppender inner, AuditChainPosition head, int links) : IAuditBatchAppender
    {
        public AuditBatchAppendResult? Result { get; private set; }

        public async ValueTask<AuditBatchAppendResult> AppendAsync(IReadOnlyList<AuditUnlinkedRow> rows, CancellationToken cancellationToken = default)
        {
            rows.Count.Should().BeGreaterThan(1, "the links are given to the multi-row statement");
            Result = await inner.AppendAsync(rows, head, [.. Enumerable.Repeat(Marked, links)], cancellationToken);
            return Result;
        }
    }
}
