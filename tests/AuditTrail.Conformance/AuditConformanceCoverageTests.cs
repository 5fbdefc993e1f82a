using System.Reflection;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Guards against a store skipping part of the suite: derive it once in a store's test assembly, and its test fails
/// unless every abstract test class of this package (<see cref="Parts"/>) has a concrete subclass in that assembly.
/// </summary>
public abstract class AuditConformanceCoverageTests
{
    /// <summary>The abstract test classes of the conformance package, each one part of the suite a store must run.</summary>
    public static IReadOnlyList<Type> Parts { get; } =
        [.. typeof(AuditConformanceCoverageTests).Assembly.GetExportedTypes()
            .Where(type => type.IsClass && type.IsAbstract && !type.IsSealed && DeclaresTests(type))
            .OrderBy(type => type.Name, StringComparer.Ordinal)];

    /// <summary>The parts of the suite without a concrete subclass in <paramref name="testAssembly"/>.</summary>
    /// <param name="testAssembly">A store's test assembly.</param>
    /// <returns>The parts it does not run; empty when it runs all of them.</returns>
    public static IReadOnlyList<Type> FindMissingParts(Assembly testAssembly)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var concrete = testAssembly.GetTypes().Where(type => type.IsClass && !type.IsAbstract).ToArray();
        return [.. Parts.Where(part => !concrete.Any(part.IsAssignableFrom))];
    }

    /// <summary>Every part of the suite runs in the assembly of the derived class.</summary>
    [Fact]
    public void EveryConformancePart_HasAConcreteSubclass_InThisTestAssembly()
    {
        Parts.Should().Contain([typeof(AuditStoreConformanceTests), typeof(AuditTrailConformanceTests), typeof(AuditIntegrityConformanceTests)]);
        FindMissingParts(GetType().Assembly).Select(part => part.Name).Should().BeEmpty(
            "a store runs the whole conformance suite; derive a concrete test class from each missing part");
    }

    private static bool DeclaresTests(Type type) =>
        type.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Any(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any());
}
