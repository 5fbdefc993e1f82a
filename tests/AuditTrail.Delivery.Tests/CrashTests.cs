using System.Globalization;
using AuditTrail.Conformance.Support;
using AuditTrail.Delivery.Tests.Support;
using Xunit.Abstractions;

namespace AuditTrail.Delivery.Tests;

/// <summary>A process logging durable events is killed with SIGKILL at random moments and restarted on the same file.</summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Kills = 20;

    private readonly FaultDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Crash_SigkillAtRandomMoments20Times_EveryAcknowledgedEventIsStoredExactlyOnce_AndTheDatabaseIsIntact()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");
        var acknowledged = new List<Guid>();
        var spooled = 0;
        var killedBeforeReady = 0;
        string[] Arguments(int run) =>
        [
            "--db", _database.Path, "--spool", _database.SpoolDirectory, "--workers", "4",

            // A fifth of the store's writes fail (half after committing), so kills also land in spooling and replay.
            "--flaky", "0.2", "--seed", run.ToString(CultureInfo.InvariantCulture),
        ];

        for (var run = 0; run < Kills; run++)
        {
            using var child = FaultHostProcess.Start(Arguments(run));

            // Most kills land while events are being logged, after a random number of acknowledgements; every fourth
            // waits for start-up at most a random time, so that it may land during start-up and replay.
            if (run % 4 == 3)
            {
                try
                {
                    await child.Ready.WaitAsync(TimeSpan.FromMilliseconds(random.Next(50, 600)));
                }
                catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
                {
                    killedBeforeReady++;
                }
            }
            else
            {
                await FluentActions.Awaiting(() => child.Ready.WaitAsync(TimeSpan.FromSeconds(30)))
                    .Should().NotThrowAsync($"the fault host starts (its error output: {child.StandardError})");
                var acknowledgements = random.Next(1, 200);
                await Poll.UntilAsync(
                    () => child.Acknowledged.Count >= acknowledgements || child.HasExited,
                    $"the fault host acknowledges {acknowledgements} event(s) (its error output: {child.StandardError})",
                    TimeSpan.FromSeconds(30));
            }

            await child.KillAsync();
            acknowledged.AddRange(child.Acknowledged);
            spooled += child.Spooled;
            output.WriteLine($"run {run}: {child.Acknowledged.Count} acknowledged, {child.Spooled} spooled");
        }

        // One last, clean run replays what the last kill left in the spool.
        string drainErrors;
        using (var drain = FaultHostProcess.Start([.. Arguments(Kills)[..4], "--drain"]))
        {
            (await drain.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, drain.StandardError);
            drainErrors = drain.StandardError;
        }

        output.WriteLine($"{acknowledged.Count} acknowledged, {spooled} spooled, {killedBeforeReady} killed before ready");
        acknowledged.Should().HaveCountGreaterThan(20, "the children logged between the kills");
        acknowledged.Should().OnlyHaveUniqueItems();
        spooled.Should().BePositive("the flaky store sent events through the spool, so kills hit spooling and replay too");

        _database.IntegrityCheck().Should().Be("ok");
        var stored = _database.IdsInCommitOrder();
        stored.Should().OnlyHaveUniqueItems("a replayed event whose commit was already done is not stored twice");
        stored.Should().Contain(acknowledged, $"every acknowledged event is committed (seed {seed})");
        var left = _database.SpoolSegments().Select(segment => $"{segment} ({new FileInfo(segment).Length} bytes)");
        left.Should().BeEmpty("the clean run replayed the spool and deleted its segments (drain's error output: {0})", drainErrors);
    }
}
