using AuditTrail.Conformance.Support;
using AuditTrail.Delivery.Tests.Support;
using AuditTrail.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditTrail.Delivery.Tests;

/// <summary>The database cannot grow (a full disk, simulated with max_page_count) or cannot be written at all.</summary>
public sealed class FullDiskTests : IDisposable
{
    private static readonly DateTimeOffset LongAgo = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FaultDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static AuditEvent Security(DateTimeOffset? occurredAt = null) => new()
    {
        Id = Guid.CreateVersion7(),
        Action = AuditActions.ApiKeyCreated,
        ActionType = AuditActionType.Security,
        OccurredAt = occurredAt,
        Description = new string('x', 3000),
    };

    private static AuditEvent Routine() => new() { Action = "server.updated", ActionType = AuditActionType.Update, Description = new string('y', 3000) };

    [Fact]
    public async Task FullDisk_MaxPageCount_ClearErrorAlertAndPolicy_WritesResumeAfterAPurge()
    {
        await using var host = await AuditHost.StartAsync(
            _database,
            o =>
            {
                o.MaxWriteAttempts = 3;
                o.Spool.ReplayInterval = TimeSpan.FromMilliseconds(50);

                // A purge removes the oldest records in commit order; audit.started would come before the old events.
                o.RecordLifecycleEvents = false;
            },
            sqlite => sqlite.MaxDatabaseSizeBytes = 256 * 1024);

        // Fill the database with old fail-closed events until a commit no longer fits.
        AuditWriteException? full = null;
        var kept = 0;
        for (var i = 0; i < 1000 && full is null; i++)
        {
            try
            {
                await host.Logger.LogAsync(Security(LongAgo.AddMinutes(i)));
                kept++;
            }
            catch (AuditWriteException ex)
            {
                full = ex;
            }
        }

        full.Should().NotBeNull("256 KiB holds far fewer than 1000 such events");
        kept.Should().BeGreaterThan(10);
        full!.Message.Should().Contain("database or disk is full").And.Contain("retrying cannot fix");
        full.InnerException.Should().BeOfType<SqliteException>().Which.SqliteErrorCode.Should().Be(13);

        var spooled = await host.Logger.LogAsync(Routine());

        host.Listener.Failures.Should().NotContain(
            f => f.Outcome == AuditFailureOutcome.Retrying && f.Exception is SqliteException,
            "a full database is not retried: the policy applies at once");
        host.Listener.Failures.Should().Contain(f => f.Kind == AuditFailureKind.Permanent && f.Outcome == AuditFailureOutcome.Spooled && f.EventIds.Contains(spooled));
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Degraded);

        // Free space: retention's purge of the old events (the store itself, as AuditRetention calls it).
        var purged = await host.Services.GetRequiredService<IAuditStore>().PurgeAsync(LongAgo.AddYears(1), 10_000);
        purged.Should().Be(kept);

        await Poll.UntilAsync(() => _database.SpoolSegments().Length == 0, "the spooled event is replayed once space is free");
        var resumed = await host.Logger.LogAsync(Security());
        _database.IdsInCommitOrder().Should().ContainInOrder(spooled, resumed).And.OnlyHaveUniqueItems();
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task ReadOnlyDatabase_PolicyApplies_WritesResumeWhenWritable()
    {
        await using var host = await AuditHost.StartAsync(_database, o =>
        {
            o.MaxWriteAttempts = 3;
            o.Spool.ReplayInterval = TimeSpan.FromMilliseconds(50);
        });
        var before = await host.Logger.LogAsync(Routine());

        // The same file, opened read-only by SQLite itself: what SQLite does with a file it may not write. A chmod
        // would not do here, because the tests run as root, whom file permissions do not stop.
        host.Store.WriteTo = new SqliteAuditStore(new SqliteAuditStoreOptions { ConnectionString = $"Data Source=file:{_database.Path}?mode=ro" });

        var security = Security();
        var error = (await FluentActions.Awaiting(() => host.Logger.LogAsync(security)).Should().ThrowAsync<AuditWriteException>()).Which;
        error.Message.Should().Contain("attempt to write a readonly database").And.Contain("retrying cannot fix");
        var spooled = await host.Logger.LogAsync(Routine());
        host.Listener.Failures.Should().Contain(f => f.Outcome == AuditFailureOutcome.Rejected && f.EventIds.Contains(security.Id!.Value));
        host.Listener.Failures.Should().Contain(f => f.Outcome == AuditFailureOutcome.Spooled && f.EventIds.Contains(spooled));
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Degraded);

        host.Store.WriteTo = null;
        await Poll.UntilAsync(() => _database.SpoolSegments().Length == 0, "the spooled event is replayed once the file is writable");

        var stored = _database.IdsInCommitOrder();
        stored.Should().NotContain(security.Id!.Value).And.OnlyHaveUniqueItems();
        stored.Skip(1).Should().Equal(before, spooled);
        (await host.HealthAsync()).Status.Should().Be(HealthStatus.Healthy);
    }
}
