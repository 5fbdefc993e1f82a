using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail.Security.Tests.Support;

/// <summary>Authenticates from X-Test-User (id), X-Test-Name and X-Test-Roles (comma separated); stands in for the host's real scheme.</summary>
internal sealed class HeaderAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestHeaders";
    public const string UserHeader = "X-Test-User";
    public const string NameHeader = "X-Test-Name";
    public const string RolesHeader = "X-Test-Roles";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(UserHeader, out var user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, user.ToString()) };
        if (Request.Headers.TryGetValue(NameHeader, out var name))
        {
            claims.Add(new Claim(ClaimTypes.Name, name.ToString()));
        }

        if (Request.Headers.TryGetValue(RolesHeader, out var roles))
        {
            claims.AddRange(roles.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(role => new Claim(ClaimTypes.Role, role)));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

/// <summary>Who a request authenticates as.</summary>
internal sealed record Caller(string Id, string Name, bool IsAdmin = false)
{
    public static Caller Alice { get; } = new("alice", "Alice Smith");

    public static Caller Bob { get; } = new("bob", "Bob Jones");

    public static Caller Admin { get; } = new("root", "Rita Admin", IsAdmin: true);

    public void Apply(HttpRequestMessage request)
    {
        request.Headers.Add(HeaderAuthHandler.UserHeader, Id);
        request.Headers.Add(HeaderAuthHandler.NameHeader, Name);
        if (IsAdmin)
        {
            request.Headers.Add(HeaderAuthHandler.RolesHeader, "Admin");
        }
    }
}
