namespace AuditTrail;

/// <summary>Thrown to a durable caller when the store could not commit its event. Nothing of the failed batch is stored.</summary>
public sealed class AuditWriteException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AuditWriteException()
        : this("The audit event could not be committed to the store.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public AuditWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The store's exception.</param>
    public AuditWriteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
