using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.Sqlite.Tests;

public sealed class SqliteAuditTrailBuilderExtensionsTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task UseSqlite_Path_RegistersOneSqliteStoreAsStoreAndSink()
    {
        var services = new ServiceCollection();

        new TestAuditTrailBuilder(services).UseSqlite(_database.Path).Should().NotBeNull();

        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<IAuditStore>();
        store.Should().BeOfType<SqliteAuditStore>();
        provider.GetRequiredService<IAuditSink>().Should().BeSameAs(store);
        var record = Some.Record();
        await store.WriteAsync([record]);
        File.Exists(_database.Path).Should().BeTrue();
        (await store.GetAsync(record.Id)).Should().NotBeNull();
    }

    [Fact]
    public async Task UseSqlite_Configure_AppliesTheOptions()
    {
        var services = new ServiceCollection();

        new TestAuditTrailBuilder(services).UseSqlite(options =>
        {
            options.DatabasePath = _database.Path;
            options.TableName = "custom_audit";
        });

        await using var provider = services.BuildServiceProvider();
        var store = (SqliteAuditStore)provider.GetRequiredService<IAuditStore>();
        store.TableName.Should().Be("custom_audit");
    }

    [Fact]
    public void UseSqlite_InvalidOptions_FailAtStartWithEveryProblem()
    {
        var services = new ServiceCollection();
        new TestAuditTrailBuilder(services).UseSqlite(options =>
        {
            options.DatabasePath = string.Empty;
            options.BusyTimeout = TimeSpan.FromSeconds(-1);
        });
        using var provider = services.BuildServiceProvider();

        var start = () => provider.GetRequiredService<IStartupValidator>().Validate();

        start.Should().Throw<OptionsValidationException>()
            .Which.Failures.Should().HaveCount(2);
    }

    [Fact]
    public void UseSqlite_CalledTwice_RegistersTheValidatorOnce()
    {
        var services = new ServiceCollection();
        var builder = new TestAuditTrailBuilder(services);

        builder.UseSqlite(_database.Path);
        builder.UseSqlite(options => options.TableName = "other");

        services.Count(d => d.ServiceType == typeof(IValidateOptions<SqliteAuditStoreOptions>)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IAuditStore)).Should().Be(1);
    }

    [Fact]
    public void UseSqlite_NullArguments_Throw()
    {
        var builder = new TestAuditTrailBuilder(new ServiceCollection());

        builder.Invoking(b => b.UseSqlite((string)null!)).Should().Throw<ArgumentNullException>();
        builder.Invoking(b => b.UseSqlite((Action<SqliteAuditStoreOptions>)null!)).Should().Throw<ArgumentNullException>();
        var withoutBuilder = () => ((IAuditTrailBuilder)null!).UseSqlite("audit.db");
        withoutBuilder.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task UseSqlite_WithTheAuditPipeline_LoggedEventsAreReadBack()
    {
        var services = new ServiceCollection();
        services.AddAuditTrail().UseSqlite(_database.Path);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IAuditStore>().InitializeAsync();

        var id = await provider.GetRequiredService<IAuditLogger>().LogAsync(new AuditEvent
        {
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Actor = AuditActor.User("alice", "Alice"),
            Resource = new AuditResource("server", "srv-1", "web-01"),
            Changes = [new AuditFieldChange("load_multiplier", "1.0", "1.5")],
        });

        var page = await provider.GetRequiredService<IAuditReader>().QueryAsync(AuditViewer.Admin("admin"), new AuditQuery { Search = "LOAD_MULT" });
        page.Items.Should().ContainSingle().Which.Id.Should().Be(id);
        (await provider.GetRequiredService<IAuditReader>().QueryAsync(AuditViewer.User("bob"), new AuditQuery())).Items.Should().BeEmpty();
    }
}
