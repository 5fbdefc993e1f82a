using System.Reflection;
using System.Security;

namespace AuditTrail.Tests;

/// <summary>The dependency rule, as far as the core's own assembly shows it: no unsafe code, no P/Invoke, no junk-drawer namespace.</summary>
public sealed class CoreAssemblyTests
{
    private static readonly Assembly Core = typeof(IAuditLogger).Assembly;

    [Fact]
    public void Core_IsNotCompiledWithUnsafeCode()
    {
        // The compiler marks a module built with AllowUnsafeBlocks as unverifiable.
        Core.ManifestModule.GetCustomAttributes<UnverifiableCodeAttribute>().Should().BeEmpty();
    }

    [Fact]
    public void Core_DeclaresNoPlatformInvoke()
    {
        var imports = Core.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(method => method.Attributes.HasFlag(MethodAttributes.PinvokeImpl))
            .Select(method => $"{method.DeclaringType}.{method.Name}");

        imports.Should().BeEmpty("the core depends only on the base class library and managed packages");
    }

    [Fact]
    public void Core_HasNoInternalNamespace()
    {
        Core.GetTypes()
            .Select(type => type.Namespace ?? string.Empty)
            .Where(ns => ns.Split('.').Contains("Internal", StringComparer.Ordinal))
            .Distinct()
            .Should().BeEmpty("internals live beside the feature they serve");
    }
}
