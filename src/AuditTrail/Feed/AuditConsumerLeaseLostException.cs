namespace AuditTrail;

/// <summary>
/// A consumer's position was to be advanced by an owner that no longer holds its lease (it expired and another
/// instance took it, or it was released). The position is unchanged; the new holder delivers from there.
/// </summary>
public sealed class AuditConsumerLeaseLostException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public AuditConsumerLeaseLostException()
        : base("The consumer's lease is not held by this owner.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What happened.</param>
    public AuditConsumerLeaseLostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public AuditConsumerLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
