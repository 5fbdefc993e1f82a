namespace AuditTrail;

/// <summary>The spool factory that <see cref="Microsoft.Extensions.DependencyInjection.AuditSpoolBuilderExtensions.UseSpool"/> registered; none means no spool.</summary>
internal sealed record AuditSpoolRegistration(Func<IServiceProvider, IAuditSpool?> Create);
