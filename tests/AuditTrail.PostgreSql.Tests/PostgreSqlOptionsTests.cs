using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>Options validation and <c>UseNpgsql</c> registration; none of it needs a server.</summary>
public sealed class PostgreSqlOptionsTests
{
    private const string ConnectionString = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing";

    [Fact]
    public void Defaults_AreValid()
    {
        var options = new PostgreSqlAuditStoreOptions();

        PostgreSqlAuditStoreOptionsValidator.Collect(options).Should().BeEmpty();
        options.Schema.Should().Be("public");
        options.TableName.Should().Be("audit_events");
    }

    [Theory]
    [InlineData("")]
    [InlineData("1schema")]
    [InlineData("audit\"; DROP SCHEMA public; --")]
    [InlineData("audit.events")]
    [InlineData("pg_audit")]
    [InlineData("PG_Audit")]
    public void Schema_Invalid_IsReportedByName(string schema)
    {
        var errors = PostgreSqlAuditStoreOptionsValidator.Collect(new PostgreSqlAuditStoreOptions { Schema = schema });

        errors.Should().ContainSingle().Which.Should().StartWith("PostgreSqlAuditStoreOptions.Schema");
    }

    [Theory]
    [InlineData("")]
    [InlineData("audit-events")]
    [InlineData("audit_trail_schema")]
    [InlineData("audit_trail_chain")]
    [InlineData("audit_trail_consumers")]
    [InlineData("Audit_Trail_Holds")]
    [InlineData("a123456789012345678901234567890123456789012345678901")]
    public void TableName_Invalid_IsReportedByName(string tableName)
    {
        var errors = PostgreSqlAuditStoreOptionsValidator.Collect(new PostgreSqlAuditStoreOptions { TableName = tableName });

        errors.Should().ContainSingle().Which.Should().StartWith("PostgreSqlAuditStoreOptions.TableName");
    }

    [Fact]
    public void TableName_OfTheLongestAllowedLength_IsValid()
    {
        var options = new PostgreSqlAuditStoreOptions { TableName = new string('t', PostgreSqlAuditStoreOptions.MaxTableNameLength) };

        PostgreSqlAuditStoreOptionsValidator.Collect(options).Should().BeEmpty();
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        using var dataSource = NpgsqlDataSource.Create(ConnectionString);

        var create = () => new PostgreSqlAuditStore(dataSource, new PostgreSqlAuditStoreOptions { Schema = "pg_x", TableName = "bad name" });

        create.Should().Throw<ArgumentException>()
            .WithMessage("*PostgreSqlAuditStoreOptions.Schema*PostgreSqlAuditStoreOptions.TableName*");
    }

    [Fact]
    public async Task UseNpgsql_WithADataSource_RegistersTheStoreWithItsOptions_WithoutConnecting()
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        var services = new ServiceCollection();
        services.AddAuditTrail().UseNpgsql(dataSource, options =>
        {
            options.Schema = "audit";
            options.TableName = "events";
        });
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<IAuditStore>().Should().BeOfType<PostgreSqlAuditStore>().Subject;

        store.Schema.Should().Be("audit");
        store.TableName.Should().Be("events");
        provider.GetRequiredService<IAuditSink>().Should().BeSameAs(store);
    }

    [Fact]
    public async Task UseNpgsql_InvalidOptions_FailWhenTheStoreIsResolved_NamingEveryOption()
    {
        var services = new ServiceCollection();
        services.AddAuditTrail().UseNpgsql(ConnectionString, options =>
        {
            options.Schema = "pg_catalog";
            options.TableName = "audit-events";
        });
        await using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IAuditStore>();

        resolve.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().HaveCount(2)
            .And.Contain(failure => failure.StartsWith("PostgreSqlAuditStoreOptions.Schema", StringComparison.Ordinal))
            .And.Contain(failure => failure.StartsWith("PostgreSqlAuditStoreOptions.TableName", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Host=localhost;NoSuchKeyword=1;Password=hunter2")]
    [InlineData("not a connection string")]
    [InlineData("Host=localhost;Port=abc;Password=hunter2")]
    [InlineData("")]
    [InlineData("Username=app;Password=hunter2")]
    public void UseNpgsql_MalformedConnectionString_ThrowsWhereItIsPassed_NamingTheArgument(string connectionString)
    {
        var builder = new ServiceCollection().AddAuditTrail();

        var use = () => builder.UseNpgsql(connectionString);

        var thrown = use.Should().Throw<ArgumentException>().Which;
        thrown.ParamName.Should().Be("connectionString");
        thrown.Message.Should().StartWith("The PostgreSQL connection string").And.NotContain("hunter2");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(37)]
    public void PartitioningMonthsAhead_OutOfRange_IsReportedByName(int monthsAhead)
    {
        var errors = PostgreSqlAuditStoreOptionsValidator.Collect(new PostgreSqlAuditStoreOptions { Partitioning = new() { MonthsAhead = monthsAhead } });

        errors.Should().ContainSingle().Which.Should().Be(
            $"PostgreSqlAuditStoreOptions.Partitioning.MonthsAhead is {monthsAhead}; it must be between 1 and 36 (the months after the current one that get a partition ahead of time).");
    }
}
