using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// Rewrites in place (an erasure, tombstones) take turns with purges on the table's rewrite lock, not on the chain lock
/// that appends take: an erasure that reads and rewrites many rows does not hold up the writers of every instance.
/// The erasure is held part way by a row lock another session takes on one of the rows it rewrites.
/// </summary>
public sealed class PostgreSqlRewriteLockTests : SchemaTest
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [PostgreSqlFact]
    public async Task WriteAsync_WhileAnErasureIsPartWay_IsStored_AndAPurgeWaitsForTheErasure()
    {
        await using var store = Schema.CreateStore();
        var erin = Some.Records(40, i => Some.BaseTime.AddMinutes(i)).Select(record => record with { Actor = AuditActor.User("u-erin", "Erin Wombat") }).ToArray();
        await store.WriteAsync([.. Some.Records(5, i => Some.BaseTime.AddSeconds(i)), .. erin]);
        var table = $"\"{Schema.Name}\".audit_events";
        var lastErin = await Schema.ScalarAsync<long>($"SELECT max(seq) FROM {table} WHERE actor_id = 'u-erin'");

        await using var holder = await TestDatabase.OpenUnpooledAsync(Schema.ConnectionString);
        await using var hold = await holder.BeginTransactionAsync();
        await using (var command = holder.CreateCommand())
        {
            command.Transaction = hold;
            command.CommandText = $"SELECT 1 FROM {table} WHERE seq = {lastErin} FOR UPDATE";
            await command.ExecuteScalarAsync();
        }

        await using var provider = new ServiceCollection()
            .AddAuditTrail(o => o.Erasure.PseudonymKey = Key)
            .UseStore(_ => store)
            .Services.BuildServiceProvider();
        var erasure = provider.GetRequiredService<IAuditErasure>().EraseActorAsync("u-erin", AuditActor.User("u-dpo", "DPO"));
        await WaitForAsync($"wait_event_type = 'Lock' AND query LIKE 'UPDATE %'", "erasure waiting on the held row");

        var later = Some.Records(3, i => Some.BaseTime.AddHours(1).AddSeconds(i));
        var write = store.WriteAsync(later);
        using (var stop = new CancellationTokenSource())
        {
            var waiting = WaitForAsync("wait_event = 'advisory'", "writer waiting on a lock", stop.Token);
            var settled = await Task.WhenAny(write, waiting);
            await stop.CancelAsync();
            settled.Should().BeSameAs(write, "an append does not wait for an erasure: they take different locks");
            await write;
        }

        var purge = store.PurgeAsync(Some.BaseTime.AddMinutes(10), 100);
        await WaitForAsync("wait_event = 'advisory'", "purge waiting on the rewrite lock");
        purge.IsCompleted.Should().BeFalse("a purge may not remove rows an erasure is rewriting");

        await hold.RollbackAsync();
        var erased = await erasure;
        var purged = await purge;

        erased.Rewritten.Should().Be(40);
        purged.Should().Be(15, "the five bland rows and Erin's first ten are older than the cutoff");
        (await Schema.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE actor_id = 'u-erin'")).Should().Be(0);
        (await Schema.ScalarAsync<long>($"SELECT count(*) FROM {table} WHERE action = 'audit.erased'")).Should().Be(1);
        await ChainExpectations.ExpectValidAsync(store, 5 + 40 + 3 + 1 - 15);
    }

    /// <summary>Polls the test schema's sessions every 20 ms until one matches <paramref name="condition"/>; throws after <see cref="Patience"/>.</summary>
    private async Task WaitForAsync(string condition, string what, CancellationToken cancellationToken = default)
    {
        var sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() " +
            $"AND query LIKE '%{Schema.Name}%' AND {condition}";
        var deadline = DateTime.UtcNow + Patience;
        while (await Schema.ScalarAsync<long>(sql) == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No {what} within {Patience}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
