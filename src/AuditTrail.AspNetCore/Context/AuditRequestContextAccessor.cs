namespace AuditTrail.AspNetCore;

/// <summary>
/// Decorates the host's <see cref="IAuditContextAccessor"/>: while the ambient context is the one the middleware made
/// for the current request, it answers that context with the actor and tenant of the request's current user
/// (<see cref="AuditRequestScope"/>). Every other context, such as a scope the host began inside the request, is
/// answered as it is.
/// </summary>
internal sealed class AuditRequestContextAccessor(IAuditContextAccessor inner) : IAuditContextAccessor
{
    public AuditContext? Current
    {
        get
        {
            var current = inner.Current;
            return current is not null && AuditRequestScope.Current is { } request && ReferenceEquals(current, request.Captured)
                ? request.Resolve()
                : current;
        }
    }

    public IDisposable BeginScope(AuditContext context) => inner.BeginScope(context);
}
