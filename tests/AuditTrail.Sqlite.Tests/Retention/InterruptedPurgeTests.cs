using System.Security.Cryptography;
using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Retention;

/// <summary>
/// A purge killed between its committed batches and its <see cref="AuditActions.AuditPurged"/> record (kill -9, a lost
/// machine) left rows gone unrecorded: the next retention pass records them before it purges.
/// </summary>
public sealed class InterruptedPurgeTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Some.BaseTime + TimeSpan.FromDays(200));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Pass_AfterAFirstPurgeKilledBeforeItsRecord_RecordsTheRowsItRemoved_ThenPurges()
    {
        await using var provider = Build();
        var store = provider.GetRequiredService<IAuditStore>();
        await store.WriteAsync(Some.Records(5, i => Some.Time(i)));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);
        (await store.PurgeAsync(Some.Time(10), 2)).Should().Be(2, "a pass killed after its first batch of two");

        await provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        var purged = await PurgedAsync(provider);
        purged.Should().HaveCount(2);
        purged.Should().ContainSingle(r => r.Metadata.ContainsKey("interrupted"))
            .Which.Metadata.Should().Contain("anchor_sequence", "2").And.NotContainKey("purged_count", "no earlier record says where it began");
        purged.Should().ContainSingle(r => !r.Metadata.ContainsKey("interrupted"))
            .Which.Metadata.Should().Contain("purged_count", "3").And.Contain("anchor_sequence", "5");
    }

    [Fact]
    public async Task Pass_AfterAPurgeKilledBeforeItsRecord_RecordsTheRowsSinceTheLastRecordedPurge()
    {
        await using var provider = Build();
        var store = provider.GetRequiredService<IAuditStore>();
        var retention = provider.GetRequiredService<IAuditRetention>();
        await store.WriteAsync(Some.Records(5, i => Some.Time(i)));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);
        (await retention.PurgeAsync()).Should().Be(5, "rows 1 to 5; its record is row 7");
        _clock.Advance(TimeSpan.FromDays(200));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);
        (await store.PurgeAsync(_clock.GetUtcNow() - TimeSpan.FromDays(90), 1)).Should().Be(1, "a pass killed after a batch of row 6");

        await retention.PurgeAsync();

        (await PurgedAsync(provider)).Should().ContainSingle(r => r.Metadata.ContainsKey("interrupted"), "the row that went unrecorded is recorded")
            .Which.Metadata.Should().Contain("purged_count", "1").And.Contain("first_sequence", "6").And.Contain("anchor_sequence", "6");
    }

    [Fact]
    public async Task Pass_AfterRecordedPurges_RecordsNothingMore()
    {
        await using var provider = Build();
        var store = provider.GetRequiredService<IAuditStore>();
        await store.WriteAsync(Some.Records(5, i => Some.Time(i)));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);

        await provider.GetRequiredService<IAuditRetention>().PurgeAsync();
        await provider.GetRequiredService<IAuditRetention>().PurgeAsync();

        (await PurgedAsync(provider)).Should().ContainSingle().Which.Metadata.Should().Contain("anchor_sequence", "5").And.NotContainKey("interrupted");
    }

    [Fact]
    public async Task Pass_WithCheckpoints_AfterAPurgeKilledBeforeItsAnchor_SignsTheAnchor_SoVerifyNamesNoPurgeUnderWay()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var folder = _database.Path + ".checkpoints";
        await using var provider = Build(key, folder);
        var store = provider.GetRequiredService<IAuditStore>();
        await store.WriteAsync(Some.Records(2, i => Some.Time(i)));
        await store.WriteAsync([Some.Record(_clock.GetUtcNow())]);
        var checkpoints = provider.GetRequiredService<IAuditCheckpointWriter>();
        await checkpoints.PurgeIntentAsync(Some.Time(10));
        (await store.PurgeAsync(Some.Time(10), 2)).Should().Be(2, "a purge killed after its batch, before its anchor and record");
        (await provider.GetRequiredService<IAuditVerifier>().VerifyAsync()).PurgeUnderWay.Should().NotBeNull();

        (await provider.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(0, "nothing else is old enough");

        Directory.GetFiles(folder, "*-anchor-2.json").Should().ContainSingle("the pass signed the anchor the killed purge left");
        var report = await provider.GetRequiredService<IAuditVerifier>().VerifyAsync();
        report.Problem.Should().BeNull();
        report.PurgeUnderWay.Should().BeNull();
        (await PurgedAsync(provider)).Should().ContainSingle().Which.Metadata.Should().Contain("interrupted", "true");
    }

    private ServiceProvider Build(ECDsa? key = null, string? checkpoints = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        var trail = services.AddAuditTrail(o => o.Retention.Period = TimeSpan.FromDays(90)).UseSqlite(_database.Path);
        if (key is not null)
        {
            trail.AddCheckpoints(o =>
            {
                o.SigningKey = key;
                o.Directory = checkpoints;
            });
        }

        return services.BuildServiceProvider();
    }

    private static async Task<IReadOnlyList<AuditRecord>> PurgedAsync(IServiceProvider provider) =>
        (await provider.GetRequiredService<IAuditReader>().QueryAsync(
            AuditViewer.Admin("auditor"), new AuditQuery { Actions = [AuditActions.AuditPurged] })).Items;
}
