using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace AuditTrail.AspNetCore;

/// <summary>
/// The audit context of one request, kept in step with <see cref="HttpContext.User"/> while the request runs: an
/// authorization policy that authenticates a scheme of its own (an API key or bearer scheme beside the default cookie),
/// or endpoint code that sets the user, replaces the principal after the middleware has built the context, and the
/// actor and tenant must be those of the principal the request acts as when an event is logged. Once the middleware
/// has finished, the <see cref="HttpContext"/> may serve another request, so work the request left running keeps the
/// last context it resolved and never reads the user again.
/// </summary>
internal sealed class AuditRequestScope
{
    private static readonly AsyncLocal<AuditRequestScope?> CurrentScope = new();

    private readonly Lock _gate = new();
    private readonly HttpContext _httpContext;
    private readonly AuditPrincipalReader _principals;
    private ClaimsPrincipal _user;
    private AuditContext _resolved;
    private bool _completed;

    private AuditRequestScope(HttpContext httpContext, AuditPrincipalReader principals)
    {
        _httpContext = httpContext;
        _principals = principals;
        _user = httpContext.User;
        Captured = AuditRequestContext.Create(httpContext, principals);
        _resolved = Captured;
    }

    /// <summary>The scope of the request the current async flow belongs to, if any.</summary>
    public static AuditRequestScope? Current => CurrentScope.Value;

    /// <summary>The context built when the request entered the middleware: the one made ambient for it.</summary>
    public AuditContext Captured { get; }

    /// <summary>Builds the request's context and makes the scope current for the rest of the request's async flow.</summary>
    public static AuditRequestScope Begin(HttpContext httpContext, AuditPrincipalReader principals)
    {
        var scope = new AuditRequestScope(httpContext, principals);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>The request's context, with the actor and tenant of the principal the request acts as now.</summary>
    public AuditContext Resolve()
    {
        lock (_gate)
        {
            if (_completed || ReferenceEquals(_httpContext.User, _user))
            {
                return _resolved;
            }

            _user = _httpContext.User;
            _resolved = Captured with { Actor = _principals.ReadActor(_user), TenantId = _principals.ReadTenant(_user) };
            return _resolved;
        }
    }

    /// <summary>Freezes the context at what it is now: after this, the <see cref="HttpContext"/> is never read again.</summary>
    public void Complete()
    {
        Resolve();
        lock (_gate)
        {
            _completed = true;
        }
    }
}
