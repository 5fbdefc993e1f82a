namespace AuditTrail;

/// <summary>The spool factory that <see cref="AuditSpoolBuilderExtensions.UseSpool"/> registered; none means no spool.</summary>
internal sealed record AuditSpoolRegistration(Func<IServiceProvider, IAuditSpool?> Create);
