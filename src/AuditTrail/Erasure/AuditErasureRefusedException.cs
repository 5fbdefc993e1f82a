namespace AuditTrail;

/// <summary>An erasure was refused because an active legal hold covers records of the person; nothing was erased.</summary>
public sealed class AuditErasureRefusedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public AuditErasureRefusedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public AuditErasureRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AuditErasureRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The hold that refused the erasure, when known.</summary>
    public Guid? HoldId { get; init; }
}
