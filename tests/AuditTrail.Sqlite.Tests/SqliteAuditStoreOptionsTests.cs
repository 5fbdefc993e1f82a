using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.Sqlite.Tests;

public sealed class SqliteAuditStoreOptionsTests
{
    [Fact]
    public void Copy_HoldsEverySetting_AndOnlyImmutableValues_SoLaterChangesToTheOriginalDoNotReachIt()
    {
        // The store keeps a shallow copy of its options; that is a full copy only while every property holds a
        // string or a value. A property of a mutable type would need a deep copy.
        var properties = typeof(SqliteAuditStoreOptions).GetProperties().Where(p => p.CanWrite).ToList();
        properties.Should().AllSatisfy(p => (p.PropertyType == typeof(string) || p.PropertyType.IsValueType).Should().BeTrue(
            $"{p.Name} is a {p.PropertyType.Name}, which a shallow copy would share with the original"));

        var options = new SqliteAuditStoreOptions
        {
            DatabasePath = "a.db",
            ConnectionString = "Data Source=b.db",
            Synchronous = SqliteSynchronousMode.Normal,
            BusyTimeout = TimeSpan.FromSeconds(9),
            MaxDatabaseSizeBytes = 123_456_789,
            WalCheckpointPages = 777,
            IndexSearchInBackground = false,
            TableName = "other_events",
        };
        var copy = options.Copy();
        var before = properties.Select(p => p.GetValue(options)).ToList();
        options.DatabasePath = "changed.db";
        options.WalCheckpointPages = 1;
        options.TableName = "changed";

        properties.Select(p => p.GetValue(copy)).Should().Equal(before);
    }

    [Fact]
    public void Defaults_AreFullSynchronousFiveSecondsAuditEventsAndTenThousandPagesOfLog()
    {
        var options = new SqliteAuditStoreOptions();

        options.Synchronous.Should().Be(SqliteSynchronousMode.Full);
        options.BusyTimeout.Should().Be(TimeSpan.FromSeconds(5));
        options.TableName.Should().Be("audit_events");
        options.WalCheckpointPages.Should().Be(10_000);
        options.DatabasePath.Should().BeNull();
        options.ConnectionString.Should().BeNull();
    }

    [Fact]
    public void Validate_ValidOptions_Succeeds()
    {
        Validate(options => options.DatabasePath = "audit.db").Should().BeEmpty();
        Validate(options => options.ConnectionString = "Data Source=audit.db;Cache=Shared").Should().BeEmpty();
        Validate(options =>
        {
            options.DatabasePath = "audit.db";
            options.TableName = "_Audit_2";
            options.BusyTimeout = TimeSpan.Zero;
            options.Synchronous = SqliteSynchronousMode.Normal;
        }).Should().BeEmpty();
    }

    [Fact]
    public void Validate_NoLocation_NamesBothOptions()
    {
        Validate(_ => { }).Should().ContainSingle()
            .Which.Should().Contain("SqliteAuditStoreOptions.DatabasePath").And.Contain("SqliteAuditStoreOptions.ConnectionString");
    }

    [Fact]
    public void Validate_BothLocations_NamesBothOptions()
    {
        Validate(options =>
        {
            options.DatabasePath = "a.db";
            options.ConnectionString = "Data Source=b.db";
        }).Should().ContainSingle().Which.Should().Contain("only one of SqliteAuditStoreOptions.DatabasePath and SqliteAuditStoreOptions.ConnectionString");
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData(":memory:", "in-memory")]
    [InlineData("file:audit?mode=memory", "in-memory")]
    public void Validate_BadDatabasePath_NamesTheOption(string path, string problem)
    {
        Validate(options => options.DatabasePath = path).Should().ContainSingle()
            .Which.Should().StartWith("SqliteAuditStoreOptions.DatabasePath").And.Contain(problem);
    }

    [Theory]
    [InlineData("Data Source=a.db;Bogus Keyword=1", "not a valid SQLite connection string")]
    [InlineData("Pooling=True", "no Data Source")]
    [InlineData("Data Source=:memory:", "in-memory")]
    [InlineData("Data Source=shared;Mode=Memory;Cache=Shared", "in-memory")]
    [InlineData("Data Source=a.db;Mode=ReadOnly", "Mode=ReadOnly")]
    public void Validate_BadConnectionString_NamesTheOption(string connectionString, string problem)
    {
        Validate(options => options.ConnectionString = connectionString).Should().ContainSingle()
            .Which.Should().StartWith("SqliteAuditStoreOptions.ConnectionString").And.Contain(problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("audit-events")]
    [InlineData("1audit")]
    [InlineData("audit events")]
    [InlineData("audit\"; DROP TABLE x; --")]
    [InlineData("audit_events\n")]
    [InlineData("äudit")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("audit_trail_schema")]
    [InlineData("audit_trail_chain")]
    [InlineData("audit_trail_consumers")]
    [InlineData("AUDIT_TRAIL_HOLDS")]
    [InlineData("audit_trail_search")]
    [InlineData("audit_trail_search_reindex")]
    [InlineData("audit_trail")]
    [InlineData("sqlite_audit")]
    [InlineData("SQLITE_audit")]
    public void Validate_BadTableName_NamesTheOptionAndTheRule(string tableName)
    {
        Validate(options =>
        {
            options.DatabasePath = "audit.db";
            options.TableName = tableName;
        }).Should().ContainSingle().Which.Should().StartWith("SqliteAuditStoreOptions.TableName");
    }

    [Fact]
    public void Validate_TableNameOf63Characters_IsAccepted()
    {
        Validate(options =>
        {
            options.DatabasePath = "audit.db";
            options.TableName = "a" + new string('b', 62);
        }).Should().BeEmpty();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3_600_001)]
    public void Validate_BusyTimeoutOutOfRange_NamesTheOptionAndTheRange(int milliseconds)
    {
        Validate(options =>
        {
            options.DatabasePath = "audit.db";
            options.BusyTimeout = TimeSpan.FromMilliseconds(milliseconds);
        }).Should().ContainSingle().Which.Should().Contain("SqliteAuditStoreOptions.BusyTimeout must be between 00:00:00 and 01:00:00");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1_000_001)]
    public void Validate_WalCheckpointPagesOutOfRange_NamesTheOptionAndTheRange(int pages)
    {
        Validate(options =>
        {
            options.DatabasePath = "audit.db";
            options.WalCheckpointPages = pages;
        }).Should().ContainSingle().Which.Should().Be($"SqliteAuditStoreOptions.WalCheckpointPages must be between 1 and 1000000; it is {pages}.");
    }

    [Fact]
    public void Validate_UndefinedSynchronousMode_NamesTheOptionAndTheAllowedValues()
    {
        Validate(options =>
        {
            options.DatabasePath = "audit.db";
            options.Synchronous = (SqliteSynchronousMode)7;
        }).Should().ContainSingle().Which.Should().Contain("SqliteAuditStoreOptions.Synchronous must be Full or Normal");
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsThemAllAtOnce()
    {
        var errors = Validate(options =>
        {
            options.DatabasePath = string.Empty;
            options.TableName = "bad-name";
            options.BusyTimeout = TimeSpan.FromSeconds(-1);
            options.Synchronous = (SqliteSynchronousMode)9;
        });

        errors.Should().HaveCount(4);
        errors.Should().Contain(e => e.Contains("DatabasePath", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("TableName", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("BusyTimeout", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("Synchronous", StringComparison.Ordinal));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblem()
    {
        var create = () => new SqliteAuditStore(new SqliteAuditStoreOptions { TableName = "bad-name" });

        create.Should().Throw<ArgumentException>()
            .Which.Message.Should().Contain("SqliteAuditStoreOptions.DatabasePath").And.Contain("SqliteAuditStoreOptions.TableName");
    }

    [Fact]
    public void Constructor_CopiesTheOptions()
    {
        var options = new SqliteAuditStoreOptions { DatabasePath = "audit.db", TableName = "first" };
        var store = new SqliteAuditStore(options);

        options.TableName = "second";

        store.TableName.Should().Be("first");
    }

    private static string[] Validate(Action<SqliteAuditStoreOptions> configure)
    {
        // Through the registration UseSqlite makes, so the validator that runs at start is the one tested.
        var services = new ServiceCollection();
        new TestAuditTrailBuilder(services).UseSqlite(configure);
        using var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<SqliteAuditStoreOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToArray();
        }
    }
}
