using AuditTrail.Conformance.Support;
using AuditTrail.Relational;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// Schema v16: the tenant and target-user indexes hold only the rows that have a tenant or a target user, and every
/// statement that filters on them, the regular viewer's scope included, still seeks them.
/// </summary>
public sealed class SqlitePartialIndexTests : IDisposable
{
    private const string Tenant = "tenant-b";
    private const string Viewer = "u-viewer";

    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task TenantAndTargetUserIndexes_HoldOnlyTheRowsThatHaveThem()
    {
        var store = _database.CreateStore();
        await store.WriteAsync(MixedRecords());

        _database.Scalar<string>("SELECT sql FROM sqlite_master WHERE name = 'audit_events_tenant'")
            .Should().EndWith("WHERE \"tenant_id\" IS NOT NULL");
        _database.Scalar<string>("SELECT sql FROM sqlite_master WHERE name = 'audit_events_target_user'")
            .Should().Contain("(\"target_user_id\", \"occurred_at\", \"id\", \"action_type\")", "the action type still covers a viewer's histogram")
            .And.EndWith("WHERE \"target_user_id\" IS NOT NULL");

        // ANALYZE counts each index's entries (the first number of its sqlite_stat1 row).
        _database.Execute("ANALYZE");
        Entries("audit_events_tenant").Should().Be(10, "10 of the 100 rows have a tenant");
        Entries("audit_events_target_user").Should().Be(5, "5 of the 100 rows have a target user");
        Entries("audit_events_actor").Should().Be(100);

        var ofTenant = await store.QueryAsync(new AuditStoreQuery(new AuditFilter { TenantId = Tenant }, null, 100));
        ofTenant.Should().HaveCount(10).And.OnlyContain(record => record.TenantId == Tenant);
        var aboutViewer = await store.QueryAsync(new AuditStoreQuery(new AuditFilter { TargetUserId = Viewer }, null, 100));
        aboutViewer.Should().HaveCount(5).And.OnlyContain(record => record.TargetUser!.Id == Viewer);
    }

    public static TheoryData<string, string> Statements() => new()
    {
        { "a page of one tenant", "audit_events_tenant" },
        { "a page of a tenant's scope", "audit_events_tenant" },
        { "a page about one target user", "audit_events_target_user" },
        { "a page of a viewer's scope", "audit_events_target_user" },
        { "the count of a viewer's scope", "audit_events_target_user" },
        { "the histogram of a viewer's scope", "audit_events_target_user" },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task FiltersOnTheirColumns_SeekThePartialIndexes(string statement, string index)
    {
        var store = _database.CreateStore();
        await store.WriteAsync(MixedRecords());
        var sql = new AuditStatements(new SqliteAuditSqlDialect(new SqliteAuditStoreOptions { DatabasePath = _database.Path }), "audit_events");
        var scope = new AuditFilter { ScopeActorId = Viewer, ScopeIncludesTargetUser = true };
        var parameters = new AuditSqlParameters();
        var text = statement switch
        {
            "a page of one tenant" => sql.Query(new AuditFilter { TenantId = Tenant }, null, 50, parameters),
            "a page of a tenant's scope" => sql.Query(new AuditFilter { ScopeTenantId = Tenant }, null, 50, parameters),
            "a page about one target user" => sql.Query(new AuditFilter { TargetUserId = Viewer }, null, 50, parameters),
            "a page of a viewer's scope" => sql.Query(scope, null, 50, parameters),
            "the count of a viewer's scope" => sql.Count(scope, parameters),
            "the histogram of a viewer's scope" => sql.Histogram(scope, new AuditHistogramBuckets(new DateTimeOffset(2025, 3, 14, 0, 0, 0, TimeSpan.Zero), AuditHistogramInterval.Hour, 24), parameters),
            _ => throw new ArgumentOutOfRangeException(nameof(statement), statement, "No statement is named so."),
        };

        _database.Scalar<string>($"SELECT sql FROM sqlite_master WHERE name = '{index}'").Should().EndWith("IS NOT NULL", "the index is the partial one");
        string.Join("\n", Plan(text, parameters)).Should().Contain($"INDEX {index} ", "equality implies IS NOT NULL, so the partial index serves the filter");
    }

    /// <summary>100 rows: every tenth of a tenant, every twentieth about the viewer (by someone else), none with both.</summary>
    private static AuditRecord[] MixedRecords() =>
    [
        .. Some.Records(100, Some.Time).Select((record, i) => record with
        {
            TenantId = i % 10 == 3 ? Tenant : null,
            TargetUser = i % 20 == 7 ? new AuditTargetUser(Viewer, "The Viewer") : null,
        }),
    ];

    private long Entries(string index) =>
        long.Parse(_database.Scalar<string>($"SELECT stat FROM sqlite_stat1 WHERE idx = '{index}'").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private List<string> Plan(string sql, AuditSqlParameters parameters)
    {
        using var connection = _database.OpenSeparateConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters.Named)
        {
            command.Parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
        }

        var plan = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
