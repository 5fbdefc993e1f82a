namespace AuditTrail;

/// <summary>Which part of the write path failed.</summary>
public enum AuditFailureSource
{
    /// <summary>The store (<see cref="IAuditSink.WriteAsync"/>), writing new events or replaying spooled ones.</summary>
    Store = 0,

    /// <summary>The local spool: writing to it, or reading it back.</summary>
    Spool = 1,
}
