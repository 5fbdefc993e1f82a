using Npgsql;

namespace AuditTrail.Benchmarks;

/// <summary>
/// Warms the library's PostgreSQL write path (or the peer baseline's) before a measurement: one durable host in a
/// schema of its own (<see cref="PostgreSqlIngest.WithSchemaAsync"/>, dropped afterwards) logs rounds of events until
/// the runtime has compiled the path (<see cref="JitWarmUp"/>), so that a process is measured as the long-running
/// instance it stands for rather than paying the JIT compiler inside the timed window. Each round writes events of its
/// own, numbered from <see cref="FirstEvent"/> up (their ids are new anyway).
/// </summary>
internal static class PostgreSqlWarmUp
{
    /// <summary>How many events a round writes.</summary>
    public const int RoundEvents = 3000;

    /// <summary>The most rounds a full run runs, settled or not (a quick run runs one).</summary>
    public const int MaxRounds = 40;

    /// <summary>The first warm-up event's number, above any run's events.</summary>
    public const int FirstEvent = 1_000_000_000;

    /// <summary>Warms up with <paramref name="callers"/> concurrent callers, at most <paramref name="maxRounds"/> rounds; returns the rounds run.</summary>
    public static Task<int> RunAsync(NpgsqlDataSource dataSource, int callers, int maxRounds) =>
        PostgreSqlIngest.WithSchemaAsync(dataSource, async schema =>
        {
            using var host = await PostgreSqlIngest.StartAsync(dataSource, schema, AuditDeliveryMode.Durable);
            var rounds = await JitWarmUp.UntilSettledAsync(
                round => IngestLoad.LogAllAsync(host, [.. Round(round).Select(Data.Event)], callers),
                maxRounds);
            await host.StopAsync();
            return rounds;
        });

    /// <summary>Warms the peer baseline's code the same way, each round in a peer table of its own (dropped afterwards); returns the rounds run.</summary>
    public static Task<int> PeerAsync(NpgsqlDataSource dataSource, int callers, int maxRounds) =>
        JitWarmUp.UntilSettledAsync(
            round => PostgreSqlIngest.WithSchemaAsync(dataSource, schema => PeerBaseline.PostgreSqlAsync(dataSource, schema, [.. Round(round).Select(Data.Record)], callers)),
            maxRounds);

    /// <summary>The numbers of round <paramref name="round"/>'s events.</summary>
    private static IEnumerable<int> Round(int round) => Enumerable.Range(FirstEvent + (round * RoundEvents), RoundEvents);
}
