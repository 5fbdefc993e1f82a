using AuditTrail.Cli;
using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// The command line refuses a PostgreSQL schema or <c>--table</c> that holds no store, creating nothing in it; only
/// <c>import</c> creates a store, where its table does not exist yet.
/// </summary>
public sealed class CliNotAStoreTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audittrail-pg-not-a-store", Guid.NewGuid().ToString("N"));
    private TestSchema _schema = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _schema = await TestSchema.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _schema.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string[] Store => CliRunner.StoreOf(_schema);

    private Task<long> TableCountAsync() =>
        _schema.ScalarAsync<long>($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{_schema.Name}'");

    [PostgreSqlTheory]
    [InlineData("verify")]
    [InlineData("stats")]
    [InlineData("hold", "list")]
    [InlineData("purge", "--older-than", "1d", "--execute")]
    public async Task Command_OnASchemaWithoutAStore_ExitsTwoNamingSchema_AndCreatesNothing(params string[] command)
    {
        var (exit, output, error) = await CliRunner.RunAsync([.. command, .. Store]);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError, output + error);
        error.Should().Contain("--schema").And.Contain("holds no AuditTrail store");
        (await TableCountAsync()).Should().Be(0);
    }

    [PostgreSqlFact]
    public async Task Verify_WithASchemaThatDoesNotExist_ExitsTwoNamingSchema_AndCreatesNoSchema()
    {
        var missing = _schema.Name + "_missing";

        var (exit, output, error) = await CliRunner.RunAsync(["verify", "--postgres", _schema.ConnectionString, "--schema", missing]);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError, output);
        error.Should().Contain("--schema").And.Contain(missing);
        (await _schema.ScalarAsync<long>($"SELECT count(*) FROM pg_namespace WHERE nspname = '{missing}'")).Should().Be(0);
    }

    [PostgreSqlFact]
    public async Task Verify_WithATypoInTable_ExitsTwoNamingTable_AndCreatesNoTable()
    {
        await _schema.CreateStore().WriteAsync(Some.Records(3, Some.Time));
        var tables = await TableCountAsync();

        var (exit, output, error) = await CliRunner.RunAsync(["verify", .. Store, "--table", "audit_evnts"]);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError, output);
        error.Should().Contain("--table").And.Contain("audit_evnts").And.Contain("audit_events");
        (await TableCountAsync()).Should().Be(tables);
    }

    [PostgreSqlFact]
    public async Task Import_IntoATableThatDoesNotExistYet_CreatesTheStore()
    {
        var source = await TestSchema.CreateAsync();
        await using (source)
        {
            await source.CreateStore().WriteAsync(Some.Records(6, i => Some.Time(60 * i)));
            var archive = Path.Combine(_directory, "archive");
            var archived = await CliRunner.RunAsync(["archive", "--postgres", source.ConnectionString, "--schema", source.Name, "--dir", archive, "--before", Some.Time(60 * 4).ToString("O")]);
            archived.Exit.Should().Be(AuditTrailCommand.Valid, archived.Error);
            var segment = Directory.GetFiles(archive, "*.jsonl.gz").Should().ContainSingle().Subject;

            var (exit, output, error) = await CliRunner.RunAsync(["import", segment, .. Store]);

            exit.Should().Be(AuditTrailCommand.Valid, error);
            output.Should().Contain("4 record(s) added");
            (await CliRunner.RunAsync(["verify", .. Store])).Exit.Should().Be(AuditTrailCommand.Valid);
        }
    }
}
