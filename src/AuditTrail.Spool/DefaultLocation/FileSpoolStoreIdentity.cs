namespace AuditTrail.Spool;

/// <summary>
/// Names the store the events go to (for example server, database and table), registered by the store package
/// through <c>UseFileSpool(storeIdentity)</c>: the default spool directory ends in a hash of it, so that two stores of
/// one application never replay each other's events.
/// </summary>
/// <param name="Describe">Returns the store's identity.</param>
internal sealed record FileSpoolStoreIdentity(Func<IServiceProvider, string> Describe);
