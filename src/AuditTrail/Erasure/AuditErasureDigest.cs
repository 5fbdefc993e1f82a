using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AuditTrail;

/// <summary>
/// The digest an erasure record carries (docs/integrity.md): SHA-256 over, in sequence order, each erased row's
/// sequence number (8 bytes, big-endian) and the SHA-256 of its canonical bytes as it is stored after the erasure (for
/// a tombstone, its content digest). The store computes it when it erases; the verifier recomputes it.
/// </summary>
public sealed class AuditErasureDigest : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>How many rows were added.</summary>
    public int Count { get; private set; }

    /// <summary>The SHA-256 of a row's canonical bytes, as stored.</summary>
    /// <param name="sequence">The row's sequence number.</param>
    /// <param name="record">The record as stored.</param>
    public static byte[] ContentHash(long sequence, AuditRecord record) => SHA256.HashData(AuditChain.Canonicalize(sequence, record));

    /// <summary>Adds the next row, in sequence order.</summary>
    /// <param name="sequence">The row's sequence number.</param>
    /// <param name="contentHash">Its <see cref="ContentHash"/> (or a tombstone's content digest).</param>
    public void Add(long sequence, ReadOnlySpan<byte> contentHash)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, sequence);
        _hash.AppendData(buffer);
        _hash.AppendData(contentHash);
        Count++;
    }

    /// <summary>The digest of the rows added so far; the digest can go on after it.</summary>
    public byte[] Current() => _hash.GetCurrentHash();

    /// <inheritdoc />
    public void Dispose() => _hash.Dispose();
}
