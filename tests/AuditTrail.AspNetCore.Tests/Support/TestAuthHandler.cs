using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore.Tests.Support;

/// <summary>Authenticates from test headers: X-Test-User (id), X-Test-Name, X-Test-Roles (comma separated), X-Test-Tenant, X-Test-Claims (type=value;...).</summary>
internal sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string UserHeader = "X-Test-User";
    public const string NameHeader = "X-Test-Name";
    public const string RolesHeader = "X-Test-Roles";
    public const string TenantHeader = "X-Test-Tenant";
    public const string ClaimsHeader = "X-Test-Claims";
    public const string TenantClaim = "tenant";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers;
        if (!headers.ContainsKey(UserHeader) && !headers.ContainsKey(ClaimsHeader))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim>();
        if (headers.TryGetValue(UserHeader, out var user))
        {
            claims.Add(new Claim(ClaimTypes.NameIdentifier, user.ToString()));
        }

        if (headers.TryGetValue(NameHeader, out var name))
        {
            claims.Add(new Claim(ClaimTypes.Name, name.ToString()));
        }

        if (headers.TryGetValue(RolesHeader, out var roles))
        {
            claims.AddRange(roles.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(role => new Claim(ClaimTypes.Role, role)));
        }

        if (headers.TryGetValue(TenantHeader, out var tenant))
        {
            claims.Add(new Claim(TenantClaim, tenant.ToString()));
        }

        if (headers.TryGetValue(ClaimsHeader, out var extra))
        {
            foreach (var pair in extra.ToString().Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = pair.Split('=', 2);
                claims.Add(new Claim(parts[0], parts[1]));
            }
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
