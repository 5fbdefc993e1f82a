using System.Reflection;
using System.Security.Cryptography;
using AuditTrail.Cli;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// <c>audittrail verify</c> and <c>export</c> on the database the console sample writes (with the checkpoints
/// and key it keeps beside it), before and after direct edits of the database.
/// </summary>
public sealed class AuditTrailCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audittrail-cli-tests", Guid.NewGuid().ToString("N"));

    public AuditTrailCommandTests() => Directory.CreateDirectory(_directory);

    private string Database => Path.Combine(_directory, "audit.db");

    private string[] VerifyArguments =>
        ["verify", "--sqlite", Database, "--checkpoints", Database + ".checkpoints", "--public-key", Database + ".checkpoint-key.pub.pem"];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task RunSampleAsync()
    {
        var entryPoint = Assembly.Load("AuditTrail.Samples.Console").EntryPoint!;
        var original = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            // The program's entry point blocks until its async Main completes; run it off the test thread.
            var exit = await Task.Run(() => (int)entryPoint.Invoke(null, [new[] { "--db", Database, "--export", Path.Combine(_directory, "sample.csv") }])!);
            exit.Should().Be(0, "the console sample succeeds");
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AuditTrailCommand.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private void Execute(string sql, byte[]? hash = null, long? seq = null)
    {
        using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (hash is not null)
        {
            command.Parameters.AddWithValue("@hash", hash);
            command.Parameters.AddWithValue("@seq", seq!.Value);
        }

        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task Verify_SampleDatabase_ExitsZero()
    {
        await RunSampleAsync();
        await RunSampleAsync();

        var (exit, output, _) = await RunAsync(VerifyArguments);

        exit.Should().Be(AuditTrailCommand.Valid);
        output.Should().Contain("VALID").And.Contain("rows verified: 64").And.Contain("checkpoints: 2 checked");
    }

    [Theory]
    [InlineData("update", "ModifiedRow at row 17")]
    [InlineData("delete-middle", "MissingRow at row 9")]
    [InlineData("swap", "ReorderedRows at row 3")]
    [InlineData("delete-tail", "TruncatedTail at row 30")]
    public async Task Verify_AfterADirectEdit_ExitsOneNamingTheRow(string edit, string expected)
    {
        await RunSampleAsync();
        Execute("DROP TRIGGER audit_events_append_only");
        Execute(edit switch
        {
            "update" => "UPDATE audit_events SET source_ip = '10.66.66.66' WHERE seq = 17",
            "delete-middle" => "DELETE FROM audit_events WHERE seq = 9",
            "swap" => "UPDATE audit_events SET seq = -1 WHERE seq = 3; UPDATE audit_events SET seq = 3 WHERE seq = 12; UPDATE audit_events SET seq = 12 WHERE seq = -1",
            _ => "DELETE FROM audit_events WHERE seq >= 30",
        });

        var (exit, output, _) = await RunAsync(VerifyArguments);

        exit.Should().Be(AuditTrailCommand.ProblemFound);
        output.Should().Contain("PROBLEM FOUND").And.Contain(expected);
    }

    [Fact]
    public async Task Verify_ChainRecomputedWithoutTheKey_ExitsOneNamingTheRewrite()
    {
        await RunSampleAsync();
        Execute("DROP TRIGGER audit_events_append_only");
        Execute("UPDATE audit_events SET description = 'nothing to see' WHERE seq = 5");
        // Disposed, and without the background indexer, which could otherwise recreate files while the test's folder is deleted.
        await using var store = new Sqlite.SqliteAuditStore(new Sqlite.SqliteAuditStoreOptions { DatabasePath = Database, IndexSearchInBackground = false });
        var previous = AuditChain.GenesisHash.ToArray();
        await foreach (var entry in store.ReadChainAsync(0))
        {
            var hash = AuditChain.ComputeHash(previous, entry.Sequence, entry.Record);
            Execute("UPDATE audit_events SET hash = @hash WHERE seq = @seq", hash, entry.Sequence);
            previous = hash;
        }

        var (exit, output, _) = await RunAsync(VerifyArguments);

        exit.Should().Be(AuditTrailCommand.ProblemFound);
        output.Should().Contain("RewrittenChain at row 32");
        (await RunAsync("verify", "--sqlite", Database)).Exit.Should().Be(AuditTrailCommand.Valid, "without checkpoints a consistent rewrite cannot be told apart: keep checkpoints outside the database");
    }

    [Fact]
    public async Task Verify_WithAnotherPublicKey_ExitsOneNamingTheUnknownKey()
    {
        await RunSampleAsync();
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherKey = Path.Combine(_directory, "other.pub.pem");
        await File.WriteAllTextAsync(otherKey, other.ExportSubjectPublicKeyInfoPem());

        var (exit, output, _) = await RunAsync("verify", "--sqlite", Database, "--checkpoints", Database + ".checkpoints", "--public-key", otherKey);

        exit.Should().Be(AuditTrailCommand.ProblemFound);
        output.Should().Contain("UnknownKey at row 32");
    }

    [Fact]
    public async Task Version_PrintsThePackageVersion_AndExitsZero()
    {
        var (exit, output, _) = await RunAsync("--version");

        exit.Should().Be(AuditTrailCommand.Valid);
        output.Trim().Should().Be(AuditTrailCommand.Version).And.MatchRegex(@"^\d+\.\d+\.\d+");
    }

    [Theory]
    [InlineData(new[] { "--version", "extra" }, "Unrecognized command or argument 'extra'")]
    [InlineData(new[] { "verify" }, "Give exactly one store")]
    [InlineData(new[] { "verify", "--sqlite", "/nonexistent/audit.db" }, "does not exist")]
    [InlineData(new[] { "verify", "--sqlite", "a.db", "--postgres", "Host=x" }, "Give exactly one store")]
    [InlineData(new[] { "verify", "--bogus", "1" }, "Unrecognized command or argument '--bogus'")]
    [InlineData(new[] { "export", "--sqlite", "/nonexistent/audit.db", "--format", "csv", "--out", "x.csv" }, "does not exist")]
    [InlineData(new[] { "export", "--sqlite", "a.db", "--format", "xml", "--out", "x.xml" }, "Option --format takes csv, jsonl or ocsf; 'xml' is none of them.")]
    [InlineData(new[] { "frobnicate" }, "Unrecognized command or argument 'frobnicate'")]
    public async Task Run_BadUsage_ExitsTwoWithAClearMessage(string[] args, string message)
    {
        var (exit, _, error) = await RunAsync(args);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain(message);
    }

    [Fact]
    public async Task Export_HonoursFilters_AndIsItselfAudited()
    {
        await RunSampleAsync();
        var csv = Path.Combine(_directory, "mike-security.csv");

        var (exit, output, _) = await RunAsync("export", "--sqlite", Database, "--format", "csv", "--out", csv, "--type", "Security", "--user", "u-mike");
        var (badExit, _, badError) = await RunAsync("export", "--sqlite", Database, "--format", "csv", "--out", csv, "--from", "yesterday");

        exit.Should().Be(AuditTrailCommand.Valid);
        output.Should().Contain("Exported 3 record(s)");
        var lines = await File.ReadAllLinesAsync(csv);
        lines.Should().HaveCount(4);
        lines.Skip(1).Should().OnlyContain(line => line.Contains("\"u-mike\"") && line.Contains("\"Security\""));
        badExit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        badError.Should().Contain("--from");
        (await RunAsync(VerifyArguments)).Output.Should().Contain("rows verified: 33", "the export added its own Access record and the chain stays valid");
    }

    [Fact]
    public async Task Purge_WithTheSigningKey_SignsTheNewAnchor_SoVerifyWithCheckpointsStaysValid()
    {
        await RunSampleAsync();
        var records = new List<AuditRecord>();
        await using (var store = new Sqlite.SqliteAuditStore(new Sqlite.SqliteAuditStoreOptions { DatabasePath = Database, IndexSearchInBackground = false }))
        {
            await foreach (var entry in store.ReadChainAsync(0))
            {
                records.Add(entry.Record);
            }
        }

        // The sample's records are written in time order: a cutoff just after the fifth purges at least those five.
        var cutoff = records.Take(5).Max(record => record.OccurredAt).AddTicks(10).ToString("O");

        var (exit, output, error) = await RunAsync("purge", "--sqlite", Database, "--before", cutoff, "--execute",
            "--checkpoints", Database + ".checkpoints", "--signing-key", Database + ".checkpoint-key.pem");

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().MatchRegex(@"Purged [1-9]\d* record\(s\)").And.Contain("the anchor signed into");
        var (verifyExit, verifyOutput, _) = await RunAsync(VerifyArguments);
        verifyExit.Should().Be(AuditTrailCommand.Valid, verifyOutput);
        verifyOutput.Should().Contain("starting after the retention anchor at row");
    }

    [Fact]
    public async Task Export_AsOcsf_WritesOneOcsfEventPerRecord()
    {
        await RunSampleAsync();
        var ocsf = Path.Combine(_directory, "mike-security.ocsf.jsonl");

        var (exit, output, _) = await RunAsync("export", "--sqlite", Database, "--format", "ocsf", "--out", ocsf, "--type", "Security", "--user", "u-mike");

        exit.Should().Be(AuditTrailCommand.Valid);
        output.Should().Contain("Exported 3 record(s)");
        var events = (await File.ReadAllLinesAsync(ocsf)).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
        events.Should().HaveCount(3);
        events.Should().OnlyContain(e => e.GetProperty("metadata").GetProperty("version").GetString() == AuditOcsf.SchemaVersion
            && e.GetProperty("actor").GetProperty("user").GetProperty("uid").GetString() == "u-mike"
            && e.GetProperty("unmapped").GetProperty("action_type").GetString() == "Security");
    }
}
