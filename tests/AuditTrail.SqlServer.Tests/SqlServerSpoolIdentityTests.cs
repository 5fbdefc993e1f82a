using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.SqlServer.Tests;

/// <summary>What <c>UseSqlServer</c> names its store for the default spool directory: server, database, schema and table, never more.</summary>
public sealed class SqlServerSpoolIdentityTests
{
    private static ServiceProvider Services(Action<SqlServerAuditStoreOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddOptions<SqlServerAuditStoreOptions>().Configure(o => configure?.Invoke(o));
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Of_ConnectionString_NamesServerDatabaseSchemaAndTable_WithoutCredentials()
    {
        using var services = Services(o => o.Schema = "audit");

        SqlServerSpoolIdentity.Of("Server=db.example,1433;Initial Catalog=Billing;User ID=app;Password=secret", services)
            .Should().Be("sqlserver://db.example,1433/Billing/audit.audit_events");
        SqlServerSpoolIdentity.Of("Data Source=db.example,1433;Database=Billing;Password=secret", services)
            .Should().Be("sqlserver://db.example,1433/Billing/audit.audit_events");
    }

    [Fact]
    public void Of_ConnectionFactory_ReadsTheConnectionStringWithoutOpening()
    {
        using var services = Services();
        var database = new Support.RecordingDatabase();

        SqlServerSpoolIdentity.Of(database.CreateConnection, services).Should().Be("sqlserver://recording/dbo.audit_events");
        database.Log.Should().BeNullOrWhiteSpace("nothing is sent to the server");
    }
}
