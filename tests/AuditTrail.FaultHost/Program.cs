using System.Globalization;
using AuditTrail;
using AuditTrail.FaultHost;
using AuditTrail.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Usage: AuditTrail.FaultHost --db <file> --spool <dir> [--workers <n>] [--flaky <0..1>] [--seed <n>] [--down] [--drain]
//
// Prints "ready" once the host has started (the spool left by earlier runs is replayed by then), then, from
// --workers concurrent loops, "ack <id>" for every event whose durable LogAsync returned: committed to the
// SQLite file, or synced into the spool; "failed <id>" for every one whose LogAsync threw AuditWriteException. With
// --flaky, that share of the store's writes fails, half before the write and half after it committed (a lost
// acknowledgement), so events go through the spool and replay too.
// With --down, every write fails before the store writes anything (an outage): every event is spooled. With either,
// "committed {n}" follows every batch the store committed, replayed ones too.
// With --drain it starts (replaying the spool), stops gracefully and exits 0.
var arguments = FaultHostArguments.Parse(args);

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.Services.AddAuditTrail(options =>
{
    options.DeliveryMode = AuditDeliveryMode.Durable;
    options.MaxWriteAttempts = 1;
    options.WriteRetryDelay = TimeSpan.FromMilliseconds(5);

    // Small batches, so that the replay of a spool commits many of them, each a moment for a kill.
    options.MaxBatchSize = 100;
    options.Spool.Directory = arguments.Spool;
    options.Spool.ReplayInterval = TimeSpan.FromMilliseconds(50);
})
.UseSqlite(arguments.Database)
.UseStore(services =>
{
    var sqlite = new SqliteAuditStore(services.GetRequiredService<IOptions<SqliteAuditStoreOptions>>().Value);
    return arguments.Flaky > 0 || arguments.Down ? new FlakyStore(sqlite, arguments.Flaky, arguments.Seed, arguments.Down) : sqlite;
});
builder.Services.AddSingleton<IAuditFailureListener, SpoolReporter>();

using var host = builder.Build();
await host.StartAsync();
Console.Out.WriteLine("ready");
if (arguments.Drain)
{
    await host.StopAsync();
    return 0;
}

var logger = host.Services.GetRequiredService<IAuditLogger>();
var workers = Enumerable.Range(0, arguments.Workers).Select(worker => Task.Run(async () =>
{
    for (var i = 0; ; i++)
    {
        var auditEvent = new AuditEvent
        {
            Id = Guid.CreateVersion7(),
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Actor = AuditActor.User("u-fault", "Fault Host"),
            Resource = new AuditResource("server", "srv-" + worker.ToString(CultureInfo.InvariantCulture), null),
            Description = string.Create(CultureInfo.InvariantCulture, $"worker {worker} event {i}"),
        };
        try
        {
            await logger.LogAsync(auditEvent);
        }
        catch (AuditWriteException)
        {
            // Neither committed nor spooled (a spool that cannot be written), and the caller is told so.
            Console.Out.WriteLine("failed " + auditEvent.Id.Value.ToString("D"));
            continue;
        }

        Console.Out.WriteLine("ack " + auditEvent.Id.Value.ToString("D"));
    }
}));
await Task.WhenAll(workers);
return 0;
