namespace AuditTrail;

/// <summary>Gives access to the ambient <see cref="AuditContext"/>, which flows with the async call chain.</summary>
public interface IAuditContextAccessor
{
    /// <summary>The context of the current async flow, or <see langword="null"/>.</summary>
    AuditContext? Current { get; }

    /// <summary>
    /// Makes <paramref name="context"/> current until the returned scope is disposed; scopes nest, and
    /// disposing restores the previous context.
    /// </summary>
    /// <param name="context">The context.</param>
    /// <returns>The scope.</returns>
    IDisposable BeginScope(AuditContext context);
}
