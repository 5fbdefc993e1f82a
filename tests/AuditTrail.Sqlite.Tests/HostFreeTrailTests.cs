using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The trail without a Generic Host: a service provider built by hand, disposed with a plain <c>using</c> or an
/// <c>await using</c>. Disposal flushes the queue either way, so what was logged is in the file afterwards.
/// </summary>
public sealed class HostFreeTrailTests : IDisposable
{
    private static readonly AuditResource Server = new("server", "srv-3", "web-03");

    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task PlainUsing_LogsReadsBackAndDisposesWithoutException()
    {
        var provider = BuildProvider(AuditDeliveryMode.Durable);
        using (provider)
        {
            var id = await LogAsMikeAsync(provider);

            var page = await provider.GetRequiredService<IAuditReader>().QueryAsync(
                AuditViewer.User("u-mike"), new AuditQuery { ResourceType = "server", Search = "web-03" });

            page.Items.Should().ContainSingle().Which.Id.Should().Be(id);
        }

        (await ReadBackAsMikeAsync()).Should().ContainSingle();
    }

    [Fact]
    public async Task PlainUsing_Buffered_DisposeFlushesWhatWasQueued()
    {
        var provider = BuildProvider(AuditDeliveryMode.Buffered);
        var id = await LogAsMikeAsync(provider);

        var dispose = provider.Dispose;

        dispose.Should().NotThrow();
        (await ReadBackAsMikeAsync()).Should().ContainSingle().Which.Id.Should().Be(id);
    }

    [Fact]
    public async Task AwaitUsing_Buffered_DisposeFlushesWhatWasQueued()
    {
        Guid id;
        await using (var provider = BuildProvider(AuditDeliveryMode.Buffered))
        {
            id = await LogAsMikeAsync(provider);
        }

        (await ReadBackAsMikeAsync()).Should().ContainSingle().Which.Id.Should().Be(id);
    }

    private ServiceProvider BuildProvider(AuditDeliveryMode mode)
    {
        var services = new ServiceCollection();
        services.AddAuditTrail(options => options.DeliveryMode = mode).UseSqlite(_database.Path);
        return services.BuildServiceProvider();
    }

    private static async Task<Guid> LogAsMikeAsync(IServiceProvider provider)
    {
        using var scope = provider.GetRequiredService<IAuditContextAccessor>().BeginActorScope(AuditActor.User("u-mike", "Mike Johnson"));
        return await provider.GetRequiredService<IAuditLogger>().UpdatedAsync(
            Server, AuditDiff.Between(new { load_multiplier = 1.0 }, new { load_multiplier = 1.5 }));
    }

    private async Task<IReadOnlyList<AuditRecord>> ReadBackAsMikeAsync()
    {
        await using var provider = BuildProvider(AuditDeliveryMode.Durable);
        var page = await provider.GetRequiredService<IAuditReader>().QueryAsync(
            AuditViewer.User("u-mike"), new AuditQuery { ResourceType = "server" });
        return page.Items;
    }
}
