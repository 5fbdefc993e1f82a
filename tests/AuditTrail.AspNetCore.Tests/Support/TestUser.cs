namespace AuditTrail.AspNetCore.Tests.Support;

/// <summary>Who a test request authenticates as, through <see cref="TestAuthHandler"/>.</summary>
internal sealed record TestUser(string Id, string Name, params string[] Roles)
{
    public static TestUser Alice { get; } = new("alice", "Alice Smith");

    public static TestUser Bob { get; } = new("bob", "Bob Jones");

    public static TestUser Admin { get; } = new("root", "Rita Admin", "Admin");

    public string? Tenant { get; init; }

    public void Apply(HttpRequestMessage request)
    {
        request.Headers.Add(TestAuthHandler.UserHeader, Id);
        request.Headers.Add(TestAuthHandler.NameHeader, Name);
        if (Roles.Length > 0)
        {
            request.Headers.Add(TestAuthHandler.RolesHeader, string.Join(',', Roles));
        }

        if (Tenant is not null)
        {
            request.Headers.Add(TestAuthHandler.TenantHeader, Tenant);
        }
    }
}
