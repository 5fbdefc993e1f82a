namespace AuditTrail.Conformance.Support;

/// <summary>
/// Put on a store's test class to skip all of its tests, inherited conformance tests included, while the
/// store's server is not available. Takes effect in test assemblies that run under <see cref="StoreTestFramework"/>;
/// elsewhere, and whenever <see cref="SkipReason"/> is <see langword="null"/>, tests run as usual.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public abstract class StoreAvailabilityAttribute : Attribute
{
    /// <summary>Why the tests cannot run here (for example which environment variables are missing), or <see langword="null"/> to run them.</summary>
    public abstract string? SkipReason { get; }
}
