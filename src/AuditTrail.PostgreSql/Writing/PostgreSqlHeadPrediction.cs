using AuditTrail.Relational;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The head a writer expects the chain to have after the batches it sent, and the links of each batch it sends computed
/// from it (<see cref="PostgreSqlPredictedLinks"/>). Each batch is expected to follow the one sent before it; an answer
/// that differs from what was expected (another instance wrote, an id was stored, a write failed) resets the expectation
/// to the head answered, carried over the batches still in flight, which the server links itself and so ends where
/// their rows take it. Nothing depends on an expectation being right: the statement writes the links only when the
/// head they follow is the chain's.
/// </summary>
internal sealed class PostgreSqlHeadPrediction
{
    private readonly Lock _sync = new();
    private readonly List<Sent> _inFlight = [];
    private AuditChainPosition? _expected;
    private long _tickets;

    /// <summary>The head expected after the batches sent; <see langword="null"/> when unknown (before the first answer).</summary>
    public AuditChainPosition? Expected
    {
        get
        {
            lock (_sync)
            {
                return _expected;
            }
        }
    }

    /// <summary>Takes a batch about to be sent: its ticket (for <see cref="Settle"/>), the head it is expected to follow and its links after it (nulls when unknown, or for a batch of one).</summary>
    public (long Ticket, AuditChainPosition? Head, byte[][]? Links) Send(IReadOnlyList<AuditUnlinkedRow> rows)
    {
        lock (_sync)
        {
            // A batch of one is linked by the one-row statement, which takes no links: nothing is hashed for it, and
            // the head after it is known from its answer (a batch is sent behind another only when that one is full).
            var head = PostgreSqlAppendSql.TakesLinks(rows.Count) ? _expected : null;
            byte[][]? links = null;
            if (head is not null)
            {
                (links, _expected) = PostgreSqlPredictedLinks.Compute(head, rows);
            }
            else
            {
                _expected = null;
            }

            var sent = new Sent(++_tickets, rows) { End = _expected };
            _inFlight.Add(sent);
            return (sent.Ticket, head, links);
        }
    }

    /// <summary>Takes the answer to a batch: the head after it, or <see langword="null"/> when the batch failed or was refused.</summary>
    public void Settle(long ticket, AuditChainPosition? head)
    {
        lock (_sync)
        {
            var index = _inFlight.FindIndex(sent => sent.Ticket == ticket);
            if (index < 0)
            {
                return;
            }

            var settled = _inFlight[index];
            _inFlight.RemoveAt(index);
            if (head is not null && settled.End is not null && head.Sequence == settled.End.Sequence && head.Hash.AsSpan().SequenceEqual(settled.End.Hash))
            {
                return;
            }

            // The batches sent after it follow the head answered (the server links them from it).
            var expected = head;
            foreach (var later in _inFlight.Where(sent => sent.Ticket > ticket))
            {
                later.End = expected is null ? null : PostgreSqlPredictedLinks.Compute(expected, later.Rows).End;
                expected = later.End;
            }

            _expected = expected;
        }
    }

    private sealed class Sent(long ticket, IReadOnlyList<AuditUnlinkedRow> rows)
    {
        public long Ticket { get; } = ticket;

        public IReadOnlyList<AuditUnlinkedRow> Rows { get; } = rows;

        public AuditChainPosition? End { get; set; }
    }
}
