using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests;

/// <summary>The write-ahead log under readers that never leave a gap (other processes' queries, one after another).</summary>
[Collection(nameof(WalFileSizesGroup))]
public sealed class SqliteWalRestartTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// Two read transactions taking turns, each begun before the other ends, as the queries of several processes do:
    /// SQLite's passive checkpoints never find a moment without a reader, so the log never starts again from its
    /// beginning and, unchecked, grows with every commit (193 MB beside a 20 MB database in a run of several processes).
    /// The store then checkpoints with <c>RESTART</c>, and the log stays within about twice <c>WalCheckpointPages</c>.
    /// </summary>
    [Fact]
    public async Task WriteAsync_ReadersOverlappingWithoutAGap_LogStaysBounded()
    {
        const int pages = 50;
        var store = _database.CreateStore(options =>
        {
            options.WalCheckpointPages = pages;
            options.IndexSearchInBackground = false;
        });
        await store.WriteAsync([Some.Record(Some.Time(0))]);

        using var stop = new CancellationTokenSource();
        var readers = Task.Run(() => ReadWithoutAGap(_database.Path, stop.Token));
        var largest = 0L;
        try
        {
            for (var batch = 0; batch < 60; batch++)
            {
                await store.WriteAsync([.. Enumerable.Range(1 + (batch * 50), 50).Select(i => Some.Record(Some.Time(i)) with { Description = $"Quokka {i} " + new string('x', 500) })]);
                var log = new FileInfo(_database.Path + "-wal");
                largest = Math.Max(largest, log.Exists ? log.Length : 0);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await readers;
        }

        var pageSize = _database.Scalar<long>("PRAGMA page_size");
        _database.Scalar<long>("SELECT count(*) FROM audit_events").Should().Be(3_001);
        largest.Should().BeLessThan(4 * pages * (pageSize + 24), "a log that a passive checkpoint cannot restart is restarted once it is twice the checkpoint size");
    }

    /// <summary>
    /// A reader that holds its snapshot through every write (a long count or export in another process): the restart
    /// cannot happen and gives up after its short wait; every write still succeeds, and the log is restarted once the
    /// reader is gone.
    /// </summary>
    [Fact]
    public async Task WriteAsync_AReaderOutlastsTheRestart_WritesSucceed_AndTheLogRestartsOnceItEnds()
    {
        const int pages = 20;
        var store = _database.CreateStore(options =>
        {
            options.WalCheckpointPages = pages;
            options.IndexSearchInBackground = false;
        });
        await store.WriteAsync([Some.Record(Some.Time(0))]);
        var pageSize = _database.Scalar<long>("PRAGMA page_size");
        var limit = 2 * pages * (pageSize + 24);

        using (var reader = TemporaryDatabase.OpenSeparateConnection(_database.Path))
        using (var snapshot = reader.BeginTransaction(deferred: true))
        {
            using (var command = reader.CreateCommand())
            {
                command.Transaction = snapshot;
                command.CommandText = "SELECT count(*) FROM audit_events";
                command.ExecuteScalar();
            }

            for (var batch = 0; batch < 20; batch++)
            {
                await store.WriteAsync([.. Enumerable.Range(1 + (batch * 20), 20).Select(i => Some.Record(Some.Time(i)) with { Description = $"Quokka {i} " + new string('x', 500) })]);
            }

            new FileInfo(_database.Path + "-wal").Length.Should().BeGreaterThan(limit, "the held snapshot keeps every frame in the log");
        }

        // Past the retry wait the next commit past the limit restarts the log: the commits after it write from its
        // beginning, so it stops growing.
        var grown = new FileInfo(_database.Path + "-wal").Length;
        var deadline = DateTime.UtcNow.AddSeconds(40);
        var restarted = false;
        for (var i = 0; !restarted && DateTime.UtcNow < deadline; i++)
        {
            await store.WriteAsync([Some.Record(Some.Time(1_000 + i))]);
            restarted = WalFrames() < 2 * pages;
        }

        restarted.Should().BeTrue("once the reader is gone a restart succeeds and the log is written from its beginning");
        new FileInfo(_database.Path + "-wal").Length.Should().BeLessThanOrEqualTo(grown + limit, "it grows by at most the commits before the restart");

        // The file itself comes back within the limit (once the restart's back-off after the reader's refusals has passed):
        // a log restarted but left at its grown length would keep the disk it took, and would look past the limit to every
        // later commit, each then checkpointing again.
        var truncated = false;
        for (var i = 0; !truncated && DateTime.UtcNow < deadline; i++)
        {
            await store.WriteAsync([Some.Record(Some.Time(2_000 + i))]);
            truncated = new FileInfo(_database.Path + "-wal").Length <= limit;
            if (!truncated)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }
        }

        truncated.Should().BeTrue("the restart cuts the log it restarts, once no reader holds it");
        _database.Scalar<long>("SELECT count(*) FROM audit_events").Should().BeGreaterThan(401);
    }

    /// <summary>How many frames the log holds now (a passive checkpoint's answer, which copies nothing a reader needs).</summary>
    private long WalFrames()
    {
        using var connection = TemporaryDatabase.OpenSeparateConnection(_database.Path);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        reader.Read();
        return reader.GetInt64(1);
    }

    /// <summary>Reads in two transactions that take turns, the next one begun before the previous one ends.</summary>
    private static void ReadWithoutAGap(string path, CancellationToken cancellationToken)
    {
        using var first = TemporaryDatabase.OpenSeparateConnection(path);
        using var second = TemporaryDatabase.OpenSeparateConnection(path);
        SqliteTransaction? open = null;
        var next = first;
        while (!cancellationToken.IsCancellationRequested)
        {
            var transaction = next.BeginTransaction(deferred: true);
            using (var command = next.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = "SELECT max(seq) FROM audit_events";
                command.ExecuteScalar();
            }

            open?.Commit();
            open?.Dispose();
            open = transaction;
            next = next == first ? second : first;
        }

        open?.Commit();
        open?.Dispose();
    }
}
