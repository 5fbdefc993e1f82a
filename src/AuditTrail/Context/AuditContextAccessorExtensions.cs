namespace AuditTrail;

/// <summary>Convenience scopes on <see cref="IAuditContextAccessor"/>.</summary>
public static class AuditContextAccessorExtensions
{
    /// <summary>
    /// Begins a scope for background work in which events are recorded as <see cref="AuditActor.System"/>,
    /// with no IP or user agent; correlation and tenant carry over from the enclosing context.
    /// </summary>
    /// <param name="accessor">The accessor.</param>
    /// <returns>The scope.</returns>
    public static IDisposable BeginSystemScope(this IAuditContextAccessor accessor)
    {
        ArgumentNullException.ThrowIfNull(accessor);
        var outer = accessor.Current;
        return accessor.BeginScope(new AuditContext
        {
            Actor = AuditActor.System,
            CorrelationId = outer?.CorrelationId,
            TenantId = outer?.TenantId,
        });
    }

    /// <summary>Begins a scope in which events are recorded as <paramref name="actor"/>, keeping the rest of the enclosing context.</summary>
    /// <param name="accessor">The accessor.</param>
    /// <param name="actor">Who acts.</param>
    /// <returns>The scope.</returns>
    public static IDisposable BeginActorScope(this IAuditContextAccessor accessor, AuditActor actor)
    {
        ArgumentNullException.ThrowIfNull(accessor);
        ArgumentNullException.ThrowIfNull(actor);
        var outer = accessor.Current ?? new AuditContext();
        return accessor.BeginScope(outer with { Actor = actor });
    }
}
