using System.Reflection;
using System.Runtime.CompilerServices;
using AuditTrail.AspNetCore;
using AuditTrail.PostgreSql;
using AuditTrail.Sqlite;
using AuditTrail.SqlServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Snippets.Tests;

/// <summary>
/// The extension methods are found the way Microsoft.Extensions libraries are: registration in
/// Microsoft.Extensions.DependencyInjection (one using for the whole <c>AddAuditTrail().UseSqlite(...)</c> chain),
/// middleware and endpoints in Microsoft.AspNetCore.Builder.
/// </summary>
public sealed class ExtensionNamespaceTests
{
    private static readonly Assembly[] Packages =
    [
        typeof(IAuditLogger).Assembly, typeof(FileSpoolAuditTrailBuilderExtensions).Assembly, typeof(SqliteAuditStore).Assembly,
        typeof(PostgreSqlAuditStore).Assembly, typeof(SqlServerAuditStore).Assembly, typeof(AuditTrailAspNetCoreOptions).Assembly,
    ];

    [Fact]
    public void ExtensionsOfServicesAndTheBuilder_LiveInTheDependencyInjectionNamespace()
    {
        var misplaced = ExtensionsOn(typeof(IServiceCollection), typeof(IAuditTrailBuilder), typeof(IHealthChecksBuilder))
            .Where(m => m.DeclaringType!.Namespace != "Microsoft.Extensions.DependencyInjection")
            .Select(Describe);

        misplaced.Should().BeEmpty();
        ExtensionsOn(typeof(IAuditTrailBuilder)).Select(m => m.Name).Should().Contain(["UseSqlite", "UseNpgsql", "UseSqlServer", "UseFileSpool", "AddAspNetCore"]);
    }

    [Fact]
    public void ExtensionsOfTheApplication_LiveInTheAspNetCoreBuilderNamespace()
    {
        var extensions = ExtensionsOn(typeof(IApplicationBuilder), typeof(IEndpointRouteBuilder)).ToList();

        extensions.Select(m => m.Name).Should().Contain(["UseAuditTrail", "MapAuditTrail"]);
        extensions.Where(m => m.DeclaringType!.Namespace != "Microsoft.AspNetCore.Builder").Select(Describe).Should().BeEmpty();
    }

    private static IEnumerable<MethodInfo> ExtensionsOn(params Type[] extended) =>
        Packages.SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsAbstract && t.IsSealed)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.IsDefined(typeof(ExtensionAttribute)) && extended.Contains(m.GetParameters()[0].ParameterType));

    private static string Describe(MethodInfo method) => $"{method.DeclaringType!.FullName}.{method.Name}";
}
