using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace AuditTrail.Benchmarks;

/// <summary>
/// Many application instances on one PostgreSQL store: the harness starts writer processes (this program with
/// <c>pg-writer</c>), each with its own host and connection pool and warmed up first (<see cref="PostgreSqlWarmUp"/>),
/// lets them all start at once and measures the aggregate rate from the start signal until the last one has committed
/// everything.
/// </summary>
internal static class PostgreSqlWriterProcesses
{
    public const string Command = "pg-writer";

    /// <summary>
    /// Where the time of a run with writer processes went: how busy the machine's cores were, the CPU time the writer
    /// processes and every other process (the server, the harness) spent per event, and how many events a transaction
    /// (a batch) held on average, counted from the rows' transaction ids.
    /// </summary>
    public sealed record Profile(double? CoresBusyPercent, double? OthersMicrosecondsPerEvent, double WritersMicrosecondsPerEvent, double EventsPerTransaction);

    /// <summary>What the writer processes write.</summary>
    public enum Writers
    {
        /// <summary>The library, every process into one store (one chain): the product.</summary>
        SharedChain,

        /// <summary>The library, each process into a store of its own (a chain each, no chain lock shared): the upper bound of chaining per writer.</summary>
        ChainEach,

        /// <summary>The peer baseline (<see cref="PeerBaseline"/>), every process into one peer table: what the machine gives that design with as many processes.</summary>
        Peer,
    }

    /// <summary>
    /// Writes events 0..<paramref name="events"/> from <paramref name="processes"/> processes as <paramref name="writers"/>
    /// says: into one store (one chain); each process into a store of its own in a schema named after
    /// <paramref name="schema"/>; or as the peer, into one peer table in <paramref name="schema"/>. Each process first
    /// warms up (at most <paramref name="warmUpRounds"/> rounds until its code is compiled). Returns the aggregate
    /// events/s and where the time went (<see cref="Profile"/>).
    /// </summary>
    public static async Task<(double Rate, Profile Profile)> RunAsync(NpgsqlDataSource dataSource, string schema, int events, int processes, int callersEach, int warmUpRounds, Writers writers = Writers.SharedChain)
    {
        var chainEach = writers == Writers.ChainEach;
        var peer = writers == Writers.Peer;
        var share = events / processes;
        var children = new List<Process>();
        var schemas = Enumerable.Range(0, processes).Select(p => chainEach ? $"{schema}_w{p}" : schema).ToArray();
        try
        {
            if (chainEach)
            {
                foreach (var own in schemas)
                {
                    await using var store = new AuditTrail.PostgreSql.PostgreSqlAuditStore(dataSource, new AuditTrail.PostgreSql.PostgreSqlAuditStoreOptions { Schema = own });
                    await store.InitializeAsync();
                }
            }

            if (peer)
            {
                await PeerBaseline.CreatePostgreSqlTableAsync(dataSource, schema);

                // A connection per caller in every process: this process's idle ones (the 64 callers of its own peer row)
                // would leave the server too few.
                dataSource.Clear();
            }

            for (var p = 0; p < processes; p++)
            {
                var count = p == processes - 1 ? events - (share * p) : share;
                children.Add(Start(schemas[p], share * p, count, callersEach, warmUpRounds, peer));
            }

            foreach (var writer in children)
            {
                await ExpectLineAsync(writer, "ready");
            }

            var cpu = MachineCpu.Read();
            var clock = Stopwatch.StartNew();
            foreach (var writer in children)
            {
                await writer.StandardInput.WriteLineAsync("go");
                await writer.StandardInput.FlushAsync();
            }

            var writersCpu = TimeSpan.Zero;
            foreach (var writer in children)
            {
                writersCpu += TimeSpan.FromMilliseconds(double.Parse(await ExpectLineAsync(writer, "done"), CultureInfo.InvariantCulture));
            }

            var elapsed = clock.Elapsed;
            var busy = MachineCpu.BusySince(cpu);
            foreach (var writer in children)
            {
                await writer.WaitForExitAsync();
                if (writer.ExitCode != 0)
                {
                    throw new InvalidOperationException($"A PostgreSQL writer process exited with code {writer.ExitCode}.");
                }
            }

            // Every acknowledged event stored once (the id is the primary key), and every chain verifies.
            long stored = 0;
            long transactions = 0;
            if (peer)
            {
                stored = await PeerBaseline.CountPostgreSqlAsync(dataSource, schema);
                transactions = await TransactionsAsync(dataSource, schema, PeerBaseline.PostgreSqlTableName);
            }
            else
            {
                foreach (var own in schemas.Distinct())
                {
                    var rows = await PostgreSqlIngest.CountAsync(dataSource, own);
                    stored += rows;
                    transactions += await TransactionsAsync(dataSource, own);
                    await using var store = new AuditTrail.PostgreSql.PostgreSqlAuditStore(dataSource, new AuditTrail.PostgreSql.PostgreSqlAuditStoreOptions { Schema = own });
                    var verified = await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync();
                    if (!verified.IsValid || verified.RowsVerified != rows)
                    {
                        throw new InvalidOperationException($"{processes} writer processes: the chain in schema {own} does not verify: {verified.Problem?.Message}, {verified.RowsVerified} of {rows} rows.");
                    }
                }
            }

            var writersPerEvent = writersCpu.TotalMicroseconds / events;
            var profile = new Profile(busy?.Percent, (busy?.Seconds * 1e6 / events) - writersPerEvent, writersPerEvent, (double)stored / transactions);
            return stored == events
                ? (events / elapsed.TotalSeconds, profile)
                : throw new InvalidOperationException($"{processes} writer processes: expected {events} rows in schema {schema}, found {stored}.");
        }
        finally
        {
            if (chainEach)
            {
                await using var connection = await dataSource.OpenConnectionAsync();
                foreach (var own in schemas)
                {
                    await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{own}\" CASCADE", connection);
                    await drop.ExecuteNonQueryAsync();
                }
            }

            foreach (var writer in children)
            {
                if (!writer.HasExited)
                {
                    writer.Kill(entireProcessTree: true);
                }

                writer.Dispose();
            }
        }
    }

    /// <summary>
    /// The child's side: warms up, starts a host on the schema (or, as the peer, makes ready to write its table), says
    /// "ready", waits for "go", logs its events, says "done" and its CPU time.
    /// </summary>
    public static async Task<int> WriteAsync(string[] args)
    {
        if (args.Length != 6
            || args[5] is not ("library" or "peer")
            || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || !int.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var callers)
            || !int.TryParse(args[4], NumberStyles.None, CultureInfo.InvariantCulture, out var warmUpRounds))
        {
            await Console.Error.WriteLineAsync($"error: {Command} needs a schema, the first event, the event count, the callers, the most warm-up rounds and what to write (library or peer)");
            return 2;
        }

        await using var dataSource = NpgsqlDataSource.Create(PostgreSqlIngest.ConnectionString);
        if (args[5] == "peer")
        {
            var records = Enumerable.Range(first, count).Select(Data.Record).ToArray();
            var peerRounds = await PostgreSqlWarmUp.PeerAsync(dataSource, callers, warmUpRounds);
            await Console.Error.WriteLineAsync($"{Command} {first} (peer): warmed up by {peerRounds} rounds of {PostgreSqlWarmUp.RoundEvents} events");

            // A pooled connection per caller before "ready", as in the harness's own peer rows.
            await PeerBaseline.OpenPostgreSqlConnectionsAsync(dataSource, callers);
            return await WriteWhenToldAsync(() => PeerBaseline.WritePostgreSqlAsync(dataSource, args[0], records, callers));
        }

        var events = Enumerable.Range(first, count).Select(Data.Event).ToArray();
        var rounds = await PostgreSqlWarmUp.RunAsync(dataSource, callers, warmUpRounds);
        await Console.Error.WriteLineAsync($"{Command} {first}: warmed up by {rounds} rounds of {PostgreSqlWarmUp.RoundEvents} events");
        using var host = await PostgreSqlIngest.StartAsync(dataSource, args[0], AuditDeliveryMode.Durable);
        return await WriteWhenToldAsync(() => IngestLoad.RunAsync(host, events, callers));
    }

    /// <summary>Says "ready", waits for "go", runs <paramref name="load"/>, then says "done" and the CPU time it took this process.</summary>
    private static async Task<int> WriteWhenToldAsync(Func<Task> load)
    {
        Console.WriteLine("ready");
        if (await Console.In.ReadLineAsync() != "go")
        {
            return 2;
        }

        var cpu = CpuTime();
        await load();
        Console.WriteLine("done " + (CpuTime() - cpu).TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    private static Process Start(string schema, int first, int count, int callers, int warmUpRounds, bool peer)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The harness cannot tell its own executable.");
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(PostgreSqlWriterProcesses).Assembly.Location);
        }

        foreach (var argument in new[] { Command, schema, first.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture), callers.ToString(CultureInfo.InvariantCulture), warmUpRounds.ToString(CultureInfo.InvariantCulture), peer ? "peer" : "library" })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start a PostgreSQL writer process.");
    }

    /// <summary>Reads the writer's next line, which must be <paramref name="expected"/>, alone or followed by a value; returns the value.</summary>
    private static async Task<string> ExpectLineAsync(Process writer, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        string? line;
        try
        {
            line = await writer.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException($"A PostgreSQL writer process said nothing within 10 minutes while the harness waited for '{expected}'.");
        }

        var parts = line?.Split(' ', 2) ?? [];
        if (parts.Length == 0 || parts[0] != expected)
        {
            throw new InvalidOperationException($"A PostgreSQL writer process said '{line ?? "nothing (it exited)"}' instead of '{expected}'.");
        }

        return parts.Length == 2 ? parts[1] : string.Empty;
    }

    /// <summary>This process's CPU time so far, every thread, user and kernel.</summary>
    private static TimeSpan CpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>How many transactions wrote the rows of <paramref name="schema"/>'s <paramref name="table"/>: each row carries its writer's transaction id.</summary>
    private static async Task<long> TransactionsAsync(NpgsqlDataSource dataSource, string schema, string table = "audit_events")
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SELECT count(DISTINCT xmin::text) FROM \"{schema}\".{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
