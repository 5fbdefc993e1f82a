using System.Security.Claims;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Options of the ASP.NET Core adapter, set through <c>services.AddAuditTrail().AddAspNetCore(options => ...)</c>;
/// validated at start.
/// </summary>
public sealed class AuditTrailAspNetCoreOptions
{
    /// <summary>The role that makes a reader an admin by default: <c>Admin</c>.</summary>
    public const string DefaultAdminRole = "Admin";

    /// <summary>
    /// The claim types read, in order, for the actor's (and the viewer's) id; the first one present on an
    /// authenticated identity wins. Default <see cref="ClaimTypes.NameIdentifier"/>, then <c>sub</c>.
    /// </summary>
    public IList<string> ActorIdClaimTypes { get; } = [ClaimTypes.NameIdentifier, "sub"];

    /// <summary>
    /// The claim types read, in order, for the actor's display name. Default <see cref="ClaimTypes.Name"/>,
    /// then <c>name</c>.
    /// </summary>
    public IList<string> ActorNameClaimTypes { get; } = [ClaimTypes.Name, "name"];

    /// <summary>
    /// The claim type whose value names the actor's <see cref="AuditActorType"/> (<c>User</c>, <c>ApiKey</c> or
    /// <c>Service</c>, case-insensitive), for callers that are not people. Default <see cref="DefaultActorTypeClaimType"/>;
    /// <see langword="null"/> to ignore claims. It wins over <see cref="ActorTypesByAuthenticationType"/>; any other
    /// value, or none, leaves the actor a <see cref="AuditActorType.User"/>.
    /// </summary>
    public string? ActorTypeClaimType { get; set; } = DefaultActorTypeClaimType;

    /// <summary>The default <see cref="ActorTypeClaimType"/>: <c>actor_type</c>.</summary>
    public const string DefaultActorTypeClaimType = "actor_type";

    /// <summary>
    /// The actor type of callers authenticated by a given scheme, matched ordinally against the
    /// <see cref="ClaimsIdentity.AuthenticationType"/> of the identity that carries the actor id (ASP.NET Core's cookie
    /// handler and most custom handlers set it to the scheme name; JWT bearer sets it from
    /// <c>TokenValidationParameters.AuthenticationType</c>). For example <c>["ApiKey"] = AuditActorType.ApiKey</c>.
    /// Values must be <see cref="AuditActorType.User"/>, <see cref="AuditActorType.ApiKey"/> or
    /// <see cref="AuditActorType.Service"/>. Empty by default: every authenticated caller is a user.
    /// </summary>
    public IDictionary<string, AuditActorType> ActorTypesByAuthenticationType { get; } = new Dictionary<string, AuditActorType>(StringComparer.Ordinal);

    /// <summary>
    /// The claim type that carries the tenant id, or <see langword="null"/> (the default) in a single-tenant
    /// host. When set, events get the tenant from this claim, and the HTTP API answers 403 to a reader
    /// without it, so an admin never reads across tenants by accident.
    /// </summary>
    public string? TenantClaimType { get; set; }

    /// <summary>
    /// The roles whose members read every record through the HTTP API and the viewer; everybody else reads
    /// only their own actions. Default <see cref="DefaultAdminRole"/>. Clear it to rely on <see cref="AdminPolicy"/> alone.
    /// </summary>
    public IList<string> AdminRoles { get; } = [DefaultAdminRole];

    /// <summary>
    /// An authorization policy whose success also makes a reader an admin, or <see langword="null"/> (the default).
    /// Requires <c>services.AddAuthorization()</c>.
    /// </summary>
    public string? AdminPolicy { get; set; }

    /// <summary>
    /// Whether successful <c>SignInAsync</c> and <c>SignOutAsync</c> calls are recorded as
    /// <see cref="AuditActions.LoginSucceeded"/> and <see cref="AuditActions.Logout"/>. Default <see langword="true"/>.
    /// </summary>
    public bool RecordSignInAndSignOut { get; set; } = true;

    /// <summary>
    /// Authentication schemes whose sign-in and sign-out are not logins or logouts of their own: by default
    /// ASP.NET Core Identity's intermediate schemes (external login, two-factor), so that one Identity sign-out
    /// is one <see cref="AuditActions.Logout"/>. Compared ordinally.
    /// </summary>
    public ISet<string> IgnoredAuthenticationSchemes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Identity.External",
        "Identity.TwoFactorUserId",
        "Identity.TwoFactorRememberMe",
    };

    /// <summary>
    /// Whether 401 and 403 responses of endpoints other than the audit API are recorded as
    /// <see cref="AuditAspNetCoreActions.AuthorizationFailed"/> events. Default <see langword="false"/>:
    /// on a public site they can be numerous.
    /// </summary>
    public bool RecordAuthorizationFailures { get; set; }

    /// <summary>
    /// The HTML page the viewer is served in (<c>GET {prefix}</c>), to place it inside the host's own page chrome:
    /// <c>{{audit-head}}</c> becomes the viewer's style sheet and scripts (put it in <c>&lt;head&gt;</c>) and
    /// <c>{{audit-viewer}}</c> the viewer itself, each exactly once (checked at start). Default <see langword="null"/>: a plain page of its own. The page is
    /// still served under the viewer's Content-Security-Policy, so the layout's own scripts and styles must be files
    /// of the host's origin (no inline script or style), and it may carry a
    /// <c>&lt;script type="application/json" id="audit-trail-strings"&gt;</c> block that translates or rewords the viewer's
    /// strings. See docs/viewer.md.
    /// </summary>
    public string? ViewerLayout { get; set; }
}
