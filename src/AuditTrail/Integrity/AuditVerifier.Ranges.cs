namespace AuditTrail;

/// <summary>The verifier's parallel pass: the chain split into ranges that a store's <see cref="IAuditChainRangeChecker"/> confirms side by side.</summary>
public sealed partial class AuditVerifier
{
    /// <summary>The smallest range handed to a checker: below twice this, the chain is checked as one range.</summary>
    private const long MinimumRangeLength = 50_000;

    /// <summary>Ranges per worker: more, smaller ranges keep every core busy to the end when some run slower.</summary>
    private const int RangesPerWorker = 4;

    /// <summary>
    /// Splits the links from <paramref name="after"/> to the head into ranges, checks them on one worker per
    /// processor (at most 8), in order, and returns the last position of the longest confirmed prefix
    /// (<paramref name="after"/> itself when the first range is not confirmed). Ranges after one that is not
    /// confirmed are not started: nothing after an unconfirmed link counts.
    /// </summary>
    private async Task<AuditChainPosition> ConfirmRangesAsync(
        IAuditChainRangeChecker checker, long after, byte[] previous, Dictionary<long, AuditCheckpoint> heads, CancellationToken cancellationToken)
    {
        var start = new AuditChainPosition(after, previous);
        AuditChainPosition? head;
        try
        {
            head = await _store.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // The newest row holds no valid hash: the record-by-record pass reaches it and names it.
            return start;
        }

        if (head is null || head.Sequence <= after)
        {
            return start;
        }

        var expectedHashes = new Dictionary<long, byte[]>(heads.Count);
        foreach (var (sequence, checkpoint) in heads)
        {
            if (sequence > head.Sequence)
            {
                // Beyond the head: a truncated tail, or rows written since; the record-by-record loop sees to them.
                continue;
            }

            // The loop compares lowercase hex; anything else can match no stored hash, so its range is not confirmed.
            expectedHashes[sequence] = checkpoint.Hash.Length == AuditChain.HashLength * 2 && IsLowercaseHex(checkpoint.Hash)
                ? Convert.FromHexString(checkpoint.Hash)
                : [];
        }

        var total = head.Sequence - after;
        var workers = Math.Clamp(Environment.ProcessorCount, 1, 8);
        var count = (int)Math.Clamp(total / MinimumRangeLength, 1, workers * RangesPerWorker);
        var length = (total + count - 1) / count;
        var ranges = new AuditChainRange[count];
        for (var i = 0; i < count; i++)
        {
            ranges[i] = new AuditChainRange(after + (i * length), Math.Min(head.Sequence, after + ((i + 1) * length)), i == 0 ? previous : null, expectedHashes);
        }

        var results = new AuditChainRangeResult?[count];
        var firstUnconfirmed = count;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                if (i > Volatile.Read(ref firstUnconfirmed))
                {
                    return;
                }

                var result = results[i] = await checker.CheckRangeAsync(ranges[i], token).ConfigureAwait(false);
                if (!result.Confirmed)
                {
                    InterlockedMin(ref firstUnconfirmed, i);
                }
            }).ConfigureAwait(false);

        var confirmed = start;
        for (var i = 0; i < count && results[i] is { Confirmed: true, LastHash: { Length: AuditChain.HashLength } last }; i++)
        {
            confirmed = new AuditChainPosition(ranges[i].ThroughSequence, last);
        }

        return confirmed;
    }

    private static void InterlockedMin(ref int target, int value)
    {
        int current;
        while (value < (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
