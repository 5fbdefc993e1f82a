using AuditTrail.Spool;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>What <c>UseNpgsql</c> names its store for the default spool directory; none of it needs a server.</summary>
public sealed class PostgreSqlSpoolIdentityTests
{
    private static ServiceProvider Services(Action<PostgreSqlAuditStoreOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddOptions<PostgreSqlAuditStoreOptions>().Configure(o => configure?.Invoke(o));
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Of_NamesHostPortDatabaseSchemaAndTable_WithoutCredentials()
    {
        using var services = Services(o => o.Schema = "audit");

        PostgreSqlSpoolIdentity.Of("Host=db.example;Port=5433;Database=billing;Username=app;Password=secret", services)
            .Should().Be("postgresql://db.example:5433/billing/audit.audit_events");
    }

    [Fact]
    public void TwoTablesOfOneApplication_GetTwoDefaultDirectories()
    {
        using var first = Services(o => o.TableName = "orders_audit");
        using var second = Services(o => o.TableName = "billing_audit");
        const string connectionString = "Host=db.example;Database=app";

        var directories = new[] { first, second }
            .Select(services => FileSpoolDefaultDirectory.Under("/data", "Shop", PostgreSqlSpoolIdentity.Of(connectionString, services)))
            .ToList();

        directories[0].Should().NotBe(directories[1]);
        directories.Should().AllSatisfy(directory => Path.GetFileName(directory).Should().MatchRegex("^Shop-[0-9a-f]{10}$"));
    }
}
