using System.Data.Common;

namespace AuditTrail;

/// <summary>
/// A stored audit row cannot be read as a record (an id that is not a GUID, changes that are not the stored JSON, an
/// unknown enum name...): the table was altered outside AuditTrail. Reads fail with it; the verifier reports the row as
/// <see cref="AuditIntegrityProblemKind.ModifiedRow"/>. A <see cref="DbException"/>: what the database returned
/// cannot be used, and retrying cannot help (<see cref="DbException.IsTransient"/> is <see langword="false"/>).
/// </summary>
public sealed class AuditUnreadableRowException : DbException
{
    /// <summary>Creates the exception.</summary>
    public AuditUnreadableRowException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AuditUnreadableRowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AuditUnreadableRowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The row's sequence number in the hash chain, when the read selected it.</summary>
    public long? Sequence { get; init; }
}
