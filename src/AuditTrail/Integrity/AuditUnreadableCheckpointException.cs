namespace AuditTrail;

/// <summary>
/// A stored checkpoint cannot be read as one (not JSON, empty, or missing a field): it was edited or damaged. Reads of
/// the checkpoints fail with it; the verifier reports it as <see cref="AuditIntegrityProblemKind.BadSignature"/>, as it
/// does any other edit of a checkpoint.
/// </summary>
public sealed class AuditUnreadableCheckpointException : IOException
{
    /// <summary>Creates the exception.</summary>
    public AuditUnreadableCheckpointException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AuditUnreadableCheckpointException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AuditUnreadableCheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The sequence number the checkpoint was written for, when the sink still knows it (from its file name, for instance).</summary>
    public long? Sequence { get; init; }
}
