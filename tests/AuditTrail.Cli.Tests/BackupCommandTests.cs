using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary><c>audittrail backup</c>: SQLite's online backup takes what is still in the write-ahead log.</summary>
public sealed class BackupCommandTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task Backup_WhileTheWriterHoldsCommittedRecordsInTheWal_TakesThemAll_WhereAPlainFileCopyMissesThem()
    {
        var plainCopy = _trail.PathOf("plain-copy.db");
        var backup = _trail.PathOf("backup.db");

        // The writer stays open, so its committed records are still in audit.db-wal, not yet in audit.db. A connection of
        // the test's own stays open too: SQLite folds the log into the file when its last connection closes, and the
        // store's pooled connections may all close while the machine is busy (another test's ClearAllPools). It keeps
        // the log only once it has read the database in WAL mode, so the store creates its schema (and turns WAL on) first.
        await using (var writer = _trail.OpenStore())
        {
            await writer.InitializeAsync();
            using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_trail.Database};Pooling=False");
            holder.Open();
            using (var read = holder.CreateCommand())
            {
                // Opening does not touch the file; a first read does, and from then on the log stays while this connection is open.
                read.CommandText = "SELECT count(*) FROM sqlite_master";
                read.ExecuteScalar();
            }

            await writer.WriteAsync(TestTrail.Hourly(Start, 25, ("user.login", AuditActionType.Security)));
            File.Exists(_trail.Database + "-wal").Should().BeTrue();
            new FileInfo(_trail.Database + "-wal").Length.Should().BeGreaterThan(0);
            File.Copy(_trail.Database, plainCopy);

            var (exit, output, error) = await CliRunner.RunAsync("backup", backup, "--sqlite", _trail.Database);

            exit.Should().Be(AuditTrailCommand.Valid, error);
            output.Should().Contain("Backed up").And.Contain("backup.db").And.Contain("through row 25");
        }

        await using (var copied = _trail.OpenStore(plainCopy))
        {
            (await copied.CountAsync(AuditFilter.All)).Should().BeLessThan(25, "the database file alone lacks what was still in the WAL");
        }

        await using (var restored = _trail.OpenStore(backup))
        {
            (await restored.CountAsync(AuditFilter.All)).Should().Be(25);
        }

        var (verifyExit, verifyOutput, _) = await CliRunner.RunAsync("verify", "--sqlite", backup);
        verifyExit.Should().Be(AuditTrailCommand.Valid);
        verifyOutput.Should().Contain("rows verified: 25");
    }

    [Fact]
    public async Task Backup_WhileAnotherWriterGoesOn_ReportsARowTheBackupHolds()
    {
        var backup = _trail.PathOf("backup.db");
        await _trail.WriteAsync(TestTrail.Hourly(Start, 200, ("user.login", AuditActionType.Security)));
        using var stop = new CancellationTokenSource();
        var writes = Task.Run(async () =>
        {
            // Another process's writer: a commit every few milliseconds until the backup is done.
            await using var writer = _trail.OpenStore();
            var hour = 200;
            while (!stop.IsCancellationRequested)
            {
                await writer.WriteAsync(TestTrail.Hourly(Start.AddHours(hour), 5, ("server.updated", AuditActionType.Update)));
                hour += 5;
            }
        });

        (int Exit, string Output, string Error) result;
        try
        {
            result = await CliRunner.RunAsync("backup", backup, "--sqlite", _trail.Database);
        }
        finally
        {
            await stop.CancelAsync();
            await writes;
        }

        result.Exit.Should().Be(AuditTrailCommand.Valid, result.Error);
        var reported = long.Parse(
            System.Text.RegularExpressions.Regex.Match(result.Output, "through row ([0-9]+) at least").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        await using var copy = _trail.OpenStore(backup);
        var head = await copy.GetHeadAsync();
        head!.Sequence.Should().BeGreaterThanOrEqualTo(reported, "the backup holds the row the command says it holds at least");
    }

    [Fact]
    public async Task Backup_OntoAnExistingFile_ExitsTwo_AndOverwritesNothing()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));
        var existing = _trail.PathOf("existing.db");
        await File.WriteAllTextAsync(existing, "keep me");

        var (exit, _, error) = await CliRunner.RunAsync("backup", existing, "--sqlite", _trail.Database);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("exists already");
        (await File.ReadAllTextAsync(existing)).Should().Be("keep me");
    }

    [Theory]
    [InlineData("-fts")]
    [InlineData("-fts-wal")]
    [InlineData("-wal")]
    [InlineData("-shm")]
    [InlineData("-journal")]
    [InlineData("-fts-journal")]
    public async Task Backup_WhereAFileBesideTheTargetExists_ExitsTwoNamingIt_AndOverwritesNothing(string suffix)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));
        var target = _trail.PathOf("bk4.db");
        var beside = target + suffix;
        await File.WriteAllTextAsync(beside, "keep me");

        var (exit, _, error) = await CliRunner.RunAsync("backup", target, "--sqlite", _trail.Database);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain(beside).And.Contain("never overwrites").And.NotContain("SqliteException");
        (await File.ReadAllTextAsync(beside)).Should().Be("keep me");
        File.Exists(target).Should().BeFalse();
    }

    [Fact]
    public async Task Backup_IntoAFolderThatIsAFile_ExitsTwoNamingTheFileArgument_AndLeavesNoFile()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));
        var file = _trail.PathOf("not-a-folder");
        await File.WriteAllTextAsync(file, "keep me");

        var (exit, _, error) = await CliRunner.RunAsync("backup", Path.Combine(file, "backup.db"), "--sqlite", _trail.Database);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("the <file> argument").And.Contain(Path.Combine(file, "backup.db")).And.NotContain("IOException");
        (await File.ReadAllTextAsync(file)).Should().Be("keep me");
    }

    [Fact]
    public async Task Backup_OfAPostgresStore_ExitsTwo_PointingToPgDump()
    {
        var (exit, _, error) = await CliRunner.RunAsync("backup", _trail.PathOf("pg.db"), "--postgres", "Host=127.0.0.1;Port=1");

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        error.Should().Contain("pg_dump");
        File.Exists(_trail.PathOf("pg.db")).Should().BeFalse();
    }

    [Fact]
    public async Task Backup_OfAPostgresStore_SuggestsADumpOfTheWholeSchema_NotOfSingleTables()
    {
        var (_, _, error) = await CliRunner.RunAsync("backup", _trail.PathOf("pg.db"), "--postgres", "Host=127.0.0.1;Port=1");

        // A dump of the audit tables alone lost the append-only trigger's function, the legal holds and audit_trail_schema.
        error.Should().Contain("--schema <schema>").And.Contain("--extension pg_trgm").And.NotContain("--table");
    }
}
