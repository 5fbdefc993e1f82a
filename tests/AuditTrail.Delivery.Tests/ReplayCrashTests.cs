using System.Globalization;
using AuditTrail.Conformance.Support;
using AuditTrail.Delivery.Tests.Support;
using AuditTrail.Sqlite;
using Xunit.Abstractions;

namespace AuditTrail.Delivery.Tests;

/// <summary>
/// Outages fill the spool, and the processes that replay it are killed with SIGKILL in the middle of the replay: the
/// order and the hash chain must come through, not only the events.
/// </summary>
public sealed class ReplayCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Restarts = 9;

    private readonly FaultDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Crash_SigkillWhileAnOutagesSpoolIsReplayed_EveryAcknowledgedEventIsStoredOnce_InTheOrderAcknowledged_AndTheChainVerifies()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        var runs = new List<List<Guid>>();
        string[] Arguments(int run, params string[] more) =>
            ["--db", _database.Path, "--spool", _database.SpoolDirectory, "--workers", "4", "--seed", run.ToString(CultureInfo.InvariantCulture), .. more];

        // Outages, each killed after a random number of events, every one of them in the spool only, alternate with
        // restarts that replay the spool with a store that fails a fifth of its writes (half after committing), killed
        // after a random number of the replay's batches committed: between a commit and the deletion of the segment it
        // came from, or during the next batch. Some replays finish first; their run logs until the kill.
        for (var run = 0; run <= Restarts; run++)
        {
            var outage = run % 2 == 0;
            using var child = FaultHostProcess.Start(outage ? Arguments(run, "--down") : Arguments(run, "--flaky", "0.2"));
            if (outage)
            {
                await FluentActions.Awaiting(() => child.Ready.WaitAsync(TimeSpan.FromSeconds(60)))
                    .Should().NotThrowAsync($"the fault host starts (its error output: {child.StandardError})");
                var acknowledgements = random.Next(200, 800);
                await Poll.UntilAsync(
                    () => child.Acknowledged.Count >= acknowledgements || child.HasExited,
                    $"the fault host spools {acknowledgements} event(s) (its error output: {child.StandardError})",
                    TimeSpan.FromSeconds(60));
            }
            else
            {
                var batches = random.Next(1, 8);
                await Poll.UntilAsync(
                    () => child.CommittedBatches >= batches || child.HasExited,
                    $"the fault host commits {batches} batch(es) (its error output: {child.StandardError})",
                    TimeSpan.FromSeconds(60));
            }

            await child.KillAsync();
            runs.Add([.. child.Acknowledged]);
            output.WriteLine(
                $"run {run}{(outage ? " (outage)" : string.Empty)}: {child.CommittedBatches} batch(es) committed, {(child.Ready.IsCompletedSuccessfully ? "after" : "before")} ready; " +
                $"{child.Acknowledged.Count} acknowledged, {child.Spooled} spooled, {_database.IdsInCommitOrder().Count} stored, {_database.SpoolSegments().Length} segment(s) left");
            if (outage)
            {
                _database.IdsInCommitOrder().Should().NotIntersectWith(runs[^1], "the store was down");
            }
        }

        using (var drain = FaultHostProcess.Start([.. Arguments(Restarts + 1)[..4], "--drain"]))
        {
            (await drain.WaitForExitAsync(TimeSpan.FromSeconds(120))).Should().Be(0, drain.StandardError);
        }

        var stored = StoredInCommitOrder();
        stored.Select(e => e.Id).Should().OnlyHaveUniqueItems("a replayed event whose commit was already done is not stored twice");
        var runOf = runs.SelectMany((ids, run) => ids.Select(id => (id, run))).ToDictionary(e => e.id, e => e.run);
        var acknowledged = stored.Where(e => runOf.ContainsKey(e.Id)).ToList();
        acknowledged.Select(e => e.Id).Should().BeEquivalentTo(runOf.Keys, $"every acknowledged event is stored (seed {seed})");

        // Each worker waits for an acknowledgement before its next event, and a run starts after the last one was killed.
        var outOfOrder = acknowledged
            .Select(e => (e.Id, Run: runOf[e.Id], e.Worker, e.Number))
            .Zip(acknowledged.Skip(1).Select(e => (e.Id, Run: runOf[e.Id], e.Worker, e.Number)))
            .Where(pair => pair.Second.Run < pair.First.Run)
            .Select(pair => $"{pair.Second.Id} of run {pair.Second.Run} stored after {pair.First.Id} of run {pair.First.Run}")
            .ToList();
        outOfOrder.AddRange(acknowledged
            .GroupBy(e => (Run: runOf[e.Id], e.Worker))
            .Where(worker => !worker.Select(e => e.Number).SequenceEqual(worker.Select(e => e.Number).Order()))
            .Select(worker => $"worker {worker.Key.Worker} of run {worker.Key.Run} stored out of order"));
        outOfOrder.Should().BeEmpty($"replayed events are stored in the order they were acknowledged, before newer ones (seed {seed})");

        using var store = new SqliteAuditStore(new SqliteAuditStoreOptions { DatabasePath = _database.Path });
        var report = await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync();
        report.IsValid.Should().BeTrue($"the chain verifies after the replays ({report.Problem}, seed {seed})");
        _database.SpoolSegments().Should().BeEmpty("the clean run replayed the spool");
    }

    /// <summary>The stored events in commit order, with the worker and the number the fault host gave them.</summary>
    private List<(Guid Id, int Worker, int Number)> StoredInCommitOrder()
    {
        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, description FROM audit_events WHERE action = 'server.updated' ORDER BY seq";
        using var reader = command.ExecuteReader();
        var events = new List<(Guid, int, int)>();
        while (reader.Read())
        {
            // "worker {w} event {i}"
            var words = reader.GetString(1).Split(' ');
            events.Add((Guid.Parse(reader.GetString(0)), int.Parse(words[1], CultureInfo.InvariantCulture), int.Parse(words[3], CultureInfo.InvariantCulture)));
        }

        return events;
    }
}
