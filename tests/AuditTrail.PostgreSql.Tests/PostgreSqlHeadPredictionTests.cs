using AuditTrail.Relational;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// What a writer expects the chain's head to be while batches are in flight: each batch follows the one sent before it,
/// and an answer it did not expect (or a first answer) carries over the batches still in flight, so that a writer that
/// always has a batch in flight still comes to expect the right head.
/// </summary>
public sealed class PostgreSqlHeadPredictionTests
{
    private static readonly AuditChainPosition Head = new(41, Enumerable.Range(0, AuditChain.HashLength).Select(i => (byte)i).ToArray());

    [Fact]
    public void BeforeAnyAnswer_NothingIsExpected_AndBatchesCarryNoLinks()
    {
        var prediction = new PostgreSqlHeadPrediction();

        var (_, head, links) = prediction.Send(Rows(3, 0));

        head.Should().BeNull();
        links.Should().BeNull();
        prediction.Expected.Should().BeNull();
    }

    [Fact]
    public void EachBatch_FollowsTheOneSentBeforeIt()
    {
        var prediction = AnsweredAt(Head);

        var a = prediction.Send(Rows(3, 10));
        var b = prediction.Send(Rows(2, 20));

        a.Head.Should().BeEquivalentTo(Head);
        a.Links.Should().Equal(Links(Head, Rows(3, 10)), (x, y) => x.AsSpan().SequenceEqual(y));
        var afterA = new AuditChainPosition(44, a.Links![^1]);
        b.Head.Should().BeEquivalentTo(afterA);
        prediction.Settle(a.Ticket, afterA);
        prediction.Expected.Should().BeEquivalentTo(new AuditChainPosition(46, b.Links![^1]), "the answer was the one expected");
    }

    [Fact]
    public void AFirstAnswer_WithABatchStillInFlight_IsCarriedOverIt()
    {
        var prediction = new PostgreSqlHeadPrediction();
        var a = prediction.Send(Rows(2, 0));
        var b = prediction.Send(Rows(3, 10));

        prediction.Settle(a.Ticket, Head);
        var c = prediction.Send(Rows(2, 20));

        var afterB = new AuditChainPosition(44, Links(Head, Rows(3, 10))[^1]);
        c.Head.Should().BeEquivalentTo(afterB, "the batch in flight is linked from the head answered");
        prediction.Settle(b.Ticket, afterB);
        prediction.Expected.Should().BeEquivalentTo(new AuditChainPosition(46, c.Links![^1]));
    }

    [Fact]
    public void ABatchOfOne_CarriesNoLinks_AndTheHeadAfterItIsTakenFromItsAnswer()
    {
        var prediction = AnsweredAt(Head);

        var one = prediction.Send(Rows(1, 10));

        one.Head.Should().BeNull("the one-row statement links in the server");
        one.Links.Should().BeNull();
        prediction.Expected.Should().BeNull();
        var answered = new AuditChainPosition(42, Links(Head, Rows(1, 10))[0]);
        prediction.Settle(one.Ticket, answered);
        prediction.Expected.Should().BeEquivalentTo(answered);
        prediction.Send(Rows(2, 20)).Head.Should().BeEquivalentTo(answered);
    }

    [Fact]
    public void AnAnswerNotExpected_ResetsTheExpectation_AndAFailureForgetsIt()
    {
        var prediction = AnsweredAt(Head);
        var a = prediction.Send(Rows(2, 10));
        var other = new AuditChainPosition(50, new byte[AuditChain.HashLength]);

        prediction.Settle(a.Ticket, other);

        prediction.Expected.Should().BeEquivalentTo(other, "another instance wrote: the head answered is the one to follow");
        var b = prediction.Send(Rows(2, 20));
        b.Head.Should().BeEquivalentTo(other);
        prediction.Settle(b.Ticket, head: null);
        prediction.Expected.Should().BeNull();
    }

    /// <summary>A writer whose first batch was answered with <paramref name="head"/>, nothing in flight.</summary>
    private static PostgreSqlHeadPrediction AnsweredAt(AuditChainPosition head)
    {
        var prediction = new PostgreSqlHeadPrediction();
        var first = prediction.Send(Rows(2, 0));
        prediction.Settle(first.Ticket, head);
        return prediction;
    }

    /// <summary>Rows with distinct canonical bytes (a version byte, the sequence's 8 bytes, then content).</summary>
    private static AuditUnlinkedRow[] Rows(int count, int seed) =>
        [.. Enumerable.Range(seed, count).Select(i => new AuditUnlinkedRow([], [1, 0, 0, 0, 0, 0, 0, 0, 1, (byte)i, (byte)(i * 7)]))];

    /// <summary>The links as the statement makes them: SHA-256 of the previous hash and the bytes with the sequence number written in.</summary>
    private static byte[][] Links(AuditChainPosition head, AuditUnlinkedRow[] rows)
    {
        var previous = head.Hash;
        var links = new byte[rows.Length][];
        for (var r = 0; r < rows.Length; r++)
        {
            var bytes = rows[r].Canonical.ToArray();
            System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(AuditChain.CanonicalSequenceOffset), head.Sequence + r + 1);
            previous = links[r] = System.Security.Cryptography.SHA256.HashData([.. previous, .. bytes]);
        }

        return links;
    }
}
