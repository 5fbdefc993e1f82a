namespace AuditTrail.Relational;

/// <summary>
/// Turns the encoded records of a batch into chain links after a given head: each record not yet stored (and not
/// repeated in the batch) gets the next sequence number and <c>SHA-256(previous hash ‖ canonical(sequence, record))</c>.
/// </summary>
internal sealed class AuditChainLinker(AuditRecordMapper mapper)
{
    /// <summary>The rows to insert (values of <see cref="AuditColumns.Inserted"/>) and the head after them.</summary>
    public (List<object?[]> Rows, AuditChainPosition? Head) Link(
        IReadOnlyList<AuditRecord> batch, object?[][] encoded, AuditChainPosition? head, IReadOnlyCollection<Guid> stored)
    {
        var skipped = new HashSet<Guid>(stored);
        var sequence = head?.Sequence ?? 0;
        var previousHash = head?.Hash ?? AuditChain.GenesisHash.ToArray();
        var rows = new List<object?[]>(encoded.Length);
        for (var r = 0; r < encoded.Length; r++)
        {
            if (!skipped.Add(batch[r].Id))
            {
                continue;
            }

            sequence++;
            var row = new object?[AuditColumns.Inserted.Count];
            previousHash = LinkInto(row, encoded[r], sequence, previousHash);
            rows.Add(row);
        }

        return (rows, rows.Count == 0 ? head : new AuditChainPosition(sequence, previousHash));
    }

    /// <summary>Fills <paramref name="row"/> (values of <see cref="AuditColumns.Inserted"/>) with one link; returns its hash.</summary>
    public byte[] LinkInto(object?[] row, object?[] encoded, long sequence, byte[] previousHash)
    {
        var hash = AuditChain.ComputeHash(previousHash, sequence, mapper.AsStored(encoded));
        row[0] = sequence;
        encoded.CopyTo(row, 1);
        row[^1] = hash;
        return hash;
    }

    /// <summary>Checks a head read from the database: a row altered outside AuditTrail can hold no valid hash.</summary>
    /// <exception cref="InvalidDataException">The head's hash is not a SHA-256 hash.</exception>
    public static AuditChainPosition? Checked(AuditChainPosition? head) => head is null || head.Hash is { Length: AuditChain.HashLength }
        ? head
        : throw new InvalidDataException($"The audit row at sequence {head.Sequence} has no valid chain hash; the table was altered outside AuditTrail.");
}
