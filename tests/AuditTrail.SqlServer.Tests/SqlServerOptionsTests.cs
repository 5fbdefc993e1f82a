using AuditTrail.SqlServer.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.SqlServer.Tests;

/// <summary>Options validation and <c>UseSqlServer</c> registration.</summary>
public sealed class SqlServerOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var options = new SqlServerAuditStoreOptions();

        SqlServerAuditStoreOptionsValidator.Collect(options).Should().BeEmpty();
        options.Schema.Should().Be("dbo");
        options.TableName.Should().Be("audit_events");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1audit")]
    [InlineData("audit]; DROP TABLE x; --")]
    [InlineData("sys")]
    [InlineData("INFORMATION_SCHEMA")]
    public void Schema_Invalid_IsReportedByName(string schema)
    {
        SqlServerAuditStoreOptionsValidator.Collect(new SqlServerAuditStoreOptions { Schema = schema })
            .Should().ContainSingle().Which.Should().StartWith("SqlServerAuditStoreOptions.Schema");
    }

    [Theory]
    [InlineData("")]
    [InlineData("audit events")]
    [InlineData("audit_trail_schema")]
    [InlineData("audit_trail_chain")]
    [InlineData("audit_trail_consumers")]
    [InlineData("Audit_Trail_Holds")]
    public void TableName_Invalid_IsReportedByName(string tableName)
    {
        SqlServerAuditStoreOptionsValidator.Collect(new SqlServerAuditStoreOptions { TableName = tableName })
            .Should().ContainSingle().Which.Should().StartWith("SqlServerAuditStoreOptions.TableName");
    }

    [Fact]
    public async Task UseSqlServer_WithAConnectionFactory_RegistersTheStoreWithItsOptions()
    {
        var database = new RecordingDatabase();
        var services = new ServiceCollection();
        services.AddAuditTrail().UseSqlServer(database.CreateConnection, options =>
        {
            options.Schema = "audit";
            options.TableName = "events";
        });
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IAuditStore>().Should().BeOfType<SqlServerAuditStore>().Subject;
        await store.InitializeAsync();

        store.Schema.Should().Be("audit");
        store.TableName.Should().Be("events");
        database.Log.Should().Contain("CREATE TABLE [audit].[events]");
        provider.GetRequiredService<IAuditSink>().Should().BeSameAs(store);
    }

    [Fact]
    public async Task UseSqlServer_WithADataSource_RegistersTheStore()
    {
        var database = new RecordingDatabase();
        var services = new ServiceCollection();
        services.AddAuditTrail().UseSqlServer(database.CreateDataSource());
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IAuditStore>().InitializeAsync();

        database.Log.Should().Contain("CREATE TABLE [dbo].[audit_events]");
    }

    [Fact]
    public async Task UseSqlServer_InvalidOptions_FailWhenTheStoreIsResolved_NamingEveryOption()
    {
        var services = new ServiceCollection();
        services.AddAuditTrail().UseSqlServer(new RecordingDatabase().CreateConnection, options =>
        {
            options.Schema = "sys";
            options.TableName = "audit-events";
        });
        await using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IAuditStore>();

        resolve.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().HaveCount(2)
            .And.Contain(failure => failure.StartsWith("SqlServerAuditStoreOptions.Schema", StringComparison.Ordinal))
            .And.Contain(failure => failure.StartsWith("SqlServerAuditStoreOptions.TableName", StringComparison.Ordinal));
    }
}
