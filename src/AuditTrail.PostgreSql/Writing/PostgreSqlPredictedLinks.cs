using System.Buffers.Binary;
using System.Security.Cryptography;
using AuditTrail.Relational;

namespace AuditTrail.PostgreSql;

/// <summary>
/// The links of a batch computed by the writer from the head it expects, for <see cref="PostgreSqlAppendSql.Batch"/> to
/// write without hashing when that head is still the chain's: row <c>i</c> (from 1) takes the sequence number
/// <c>head + i</c> and <c>SHA-256(previous hash ‖ canonical)</c>, its sequence number written over the canonical bytes
/// <see cref="AuditChain.CanonicalSequenceOffset"/> to <c>+ 7</c> (big-endian), as the statement's own linking does.
/// </summary>
internal static class PostgreSqlPredictedLinks
{
    /// <summary>The rows' links after <paramref name="head"/>, and the head after them.</summary>
    /// <param name="head">The head the batch is expected to follow.</param>
    /// <param name="rows">The batch, in order.</param>
    public static (byte[][] Hashes, AuditChainPosition End) Compute(AuditChainPosition head, IReadOnlyList<AuditUnlinkedRow> rows)
    {
        using var hasher = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> sequenceBytes = stackalloc byte[sizeof(long)];
        var hashes = new byte[rows.Count][];
        var previous = head.Hash;
        var sequence = head.Sequence;
        for (var r = 0; r < rows.Count; r++)
        {
            var canonical = rows[r].Canonical.AsSpan();
            sequence++;
            BinaryPrimitives.WriteInt64BigEndian(sequenceBytes, sequence);
            hasher.AppendData(previous);
            hasher.AppendData(canonical[..AuditChain.CanonicalSequenceOffset]);
            hasher.AppendData(sequenceBytes);
            hasher.AppendData(canonical[(AuditChain.CanonicalSequenceOffset + sizeof(long))..]);
            previous = hasher.GetHashAndReset();
            hashes[r] = previous;
        }

        return (hashes, new AuditChainPosition(sequence, previous));
    }
}
