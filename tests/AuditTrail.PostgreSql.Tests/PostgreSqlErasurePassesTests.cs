using AuditTrail.Conformance.Support;
using AuditTrail.PostgreSql.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.PostgreSql.Tests;

/// <summary>
/// How often an erasure takes the rewrite lock: each pass of the store reads, rewrites and digests the person's rows under
/// it, so purges and tombstonings wait; the pass after the erasure record is needed only when rows still name the person.
/// </summary>
public sealed class PostgreSqlErasurePassesTests : SchemaTest
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [PostgreSqlFact]
    public async Task EraseActorAsync_NothingLoggedUnderTheIdMeanwhile_RunsOnePass()
    {
        await using var store = Schema.CreateStore();
        await store.WriteAsync([.. Some.Records(6, Some.Time).Select(record => record with { Actor = AuditActor.User("u-erin", "Erin Wombat") })]);
        var counting = new CountingErasureStore(store);
        await using var provider = new ServiceCollection()
            .AddAuditTrail(o => o.Erasure.PseudonymKey = Key)
            .UseStore(_ => counting)
            .Services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IAuditErasure>().EraseActorAsync("u-erin", AuditActor.User("u-dpo", "DPO"));

        result.RowCount.Should().Be(6);
        result.Rewritten.Should().Be(6);
        counting.Passes.Should().Be(1, "no row names the person after the erasure record, so a second pass would only digest their rows again under the lock");
        (await store.CountAsync(new AuditFilter { ActorIds = ["u-erin"] })).Should().Be(0);
    }

    private sealed class CountingErasureStore(IAuditStore inner) : DelegatingAuditStore(inner), IAuditErasureStore
    {
        private int _passes;

        public int Passes => Volatile.Read(ref _passes);

        public Task<AuditErasureStoreResult> EraseAsync(string actorId, string pseudonym, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _passes);
            return ((IAuditErasureStore)Inner).EraseAsync(actorId, pseudonym, cancellationToken);
        }
    }
}
