using System.Diagnostics;
using AuditTrail.PostgreSql;
using Dapper;
using Npgsql;

namespace AuditTrail.Benchmarks;

/// <summary>
/// The partition-purge scenario, under <c>pg_virtualenv</c>: two stores hold the same month of <c>--rows</c> records
/// (January 2026) and a few newer ones; one purges the month row by row (the plain table), the other drops its
/// partition (the partitioned layout, converted from a plain table holding the same rows). Both run the retention
/// service's loop (batches of <see cref="BatchSize"/> until one comes back short) and must leave the same rows behind
/// with a chain that verifies from the anchor.
/// </summary>
internal sealed class PostgreSqlPartitionPurge(Settings settings, Report report)
{
    public const string Scenario = "partition-purge";

    /// <summary>The retention service's default batch size.</summary>
    private const int BatchSize = 1000;

    private const int Newer = 1000;

    private static readonly DateTimeOffset February = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task RunAsync()
    {
        if (!PostgreSqlIngest.IsConfigured)
        {
            throw new InvalidOperationException("partition-purge needs a PostgreSQL server: run it under pg_virtualenv (the PG* variables name the server).");
        }

        await using var dataSource = NpgsqlDataSource.Create(PostgreSqlIngest.ConnectionString);
        var n = settings.Rows;
        var rowByRow = await MeasureAsync(dataSource, partitioned: false);
        report.Add(new(Scenario, $"row-by-row purge of a month ({n} rows, {BatchSize}/tx)", rowByRow.TotalMilliseconds, "ms", RatioVsNaive: 1));
        var dropped = await MeasureAsync(dataSource, partitioned: true);
        report.Add(new(Scenario, $"partition drop of the same month ({n} rows)", dropped.TotalMilliseconds, "ms", RatioVsNaive: dropped / rowByRow));
    }

    private async Task<TimeSpan> MeasureAsync(NpgsqlDataSource dataSource, bool partitioned)
    {
        var schema = "audittrail_bench_" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var plain = new PostgreSqlAuditStoreOptions { Schema = schema, IndexSearchInBackground = false };
            await using (var loader = new PostgreSqlAuditStore(dataSource, plain))
            {
                await LoadAsync(loader);
            }

            var options = new PostgreSqlAuditStoreOptions
            {
                Schema = schema,
                IndexSearchInBackground = false,
                Partitioning = partitioned ? new PostgreSqlPartitioningOptions() : null,
            };
            await using var store = new PostgreSqlAuditStore(dataSource, options);
            var conversion = Stopwatch.StartNew();
            await store.InitializeAsync();
            if (partitioned)
            {
                report.Add(new(Scenario, $"convert a plain table of {settings.Rows + Newer} rows to the partitioned layout", conversion.Elapsed.TotalMilliseconds, "ms"));
            }

            Scenarios.Settle();
            var clock = Stopwatch.StartNew();
            long purged = 0;
            int deleted;
            do
            {
                deleted = await store.PurgeAsync(February, BatchSize);
                purged += deleted;
            }
            while (deleted >= BatchSize);

            var elapsed = clock.Elapsed;
            await CheckAsync(store, purged, partitioned);
            return elapsed;
        }
        finally
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE");
        }
    }

    /// <summary>The month (one record a second from <see cref="Data.Start"/>), then <see cref="Newer"/> records in February.</summary>
    private async Task LoadAsync(PostgreSqlAuditStore store)
    {
        const int batch = 5000;
        for (var first = 0; first < settings.Rows; first += batch)
        {
            await store.WriteAsync([.. Enumerable.Range(first, Math.Min(batch, settings.Rows - first)).Select(Data.Record)]);
        }

        await store.WriteAsync([.. Enumerable.Range(0, Newer).Select(i => Data.Record(settings.Rows + i) with
        {
            Id = Guid.CreateVersion7(February.AddSeconds(i)),
            OccurredAt = February.AddSeconds(i),
            RecordedAt = February.AddSeconds(i),
        })]);
    }

    private async Task CheckAsync(PostgreSqlAuditStore store, long purged, bool partitioned)
    {
        var layout = partitioned ? "partitioned" : "plain";
        var remaining = await store.CountAsync(AuditFilter.All);
        if (purged != settings.Rows || remaining != Newer)
        {
            throw new InvalidOperationException($"partition-purge ({layout}): purged {purged} of {settings.Rows} rows, {remaining} of {Newer} newer rows left.");
        }

        var verification = await new AuditVerifier(store, checkpoints: null, keys: null).VerifyAsync();
        if (!verification.IsValid || verification.RowsVerified != Newer)
        {
            throw new InvalidOperationException($"partition-purge ({layout}): the chain does not verify from the anchor: {verification.Problem?.Message}");
        }
    }
}
