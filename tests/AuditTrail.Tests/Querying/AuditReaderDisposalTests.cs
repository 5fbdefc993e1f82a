using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Tests.Querying;

/// <summary>
/// The read services end with the host, as <see cref="IAuditLogger"/> does: once the service provider is disposed,
/// reading would open the store the host closed again, so they throw <see cref="ObjectDisposedException"/> instead.
/// </summary>
public sealed class AuditReaderDisposalTests
{
    private static readonly AuditViewer Admin = AuditViewer.Admin("u-admin");

    public static TheoryData<string> ReaderCalls() =>
        ["QueryAsync", "GetAsync", "CountAsync", "GetCountAsync", "GetFacetsAsync", "StreamAsync", "ExportAsync"];

    [Theory]
    [MemberData(nameof(ReaderCalls))]
    public async Task ReaderCall_AfterTheHostIsDisposed_ThrowsObjectDisposedExceptionNamingIAuditReader(string call)
    {
        var (store, reader, _) = await DisposedHostAsync();
        var before = store.Stored.Count;

        Func<Task> act = call switch
        {
            "QueryAsync" => () => reader.QueryAsync(Admin, new AuditQuery()),
            "GetAsync" => () => reader.GetAsync(Admin, Guid.NewGuid()),
            "CountAsync" => () => reader.CountAsync(Admin, new AuditQuery()),
            "GetCountAsync" => () => reader.GetCountAsync(Admin, new AuditQuery(), new AuditCountOptions()),
            "GetFacetsAsync" => () => reader.GetFacetsAsync(Admin),
            "StreamAsync" => async () => await reader.StreamAsync(Admin, new AuditQuery()).ToListAsync(),
            _ => () => reader.ExportAsync(Admin, new AuditQuery(), AuditExportFormat.Csv, new MemoryStream()),
        };

        (await act.Should().ThrowAsync<ObjectDisposedException>()).Which.ObjectName.Should().Be(nameof(IAuditReader));
        store.Stored.Should().HaveCount(before, "nothing was read or written after the host ended");
    }

    [Fact]
    public async Task GetHistogramAsync_AfterTheHostIsDisposed_ThrowsObjectDisposedExceptionNamingIAuditHistogram()
    {
        var (_, _, histogram) = await DisposedHostAsync();

        var act = () => histogram.GetHistogramAsync(Admin, new AuditQuery(), AuditHistogramInterval.Hour);

        (await act.Should().ThrowAsync<ObjectDisposedException>()).Which.ObjectName.Should().Be(nameof(IAuditHistogram));
    }

    [Fact]
    public async Task QueryAsync_AfterTheHostStopsButBeforeItIsDisposed_StillReads()
    {
        var store = new FakeAuditStore();
        using var host = Build(store);
        await host.StartAsync();
        var reader = host.Services.GetRequiredService<IAuditReader>();
        await host.StopAsync();

        var page = await reader.QueryAsync(Admin, new AuditQuery());

        page.Items.Select(r => r.Action).Should().Contain(AuditActions.AuditStopped);
    }

    private static async Task<(FakeAuditStore Store, IAuditReader Reader, IAuditHistogram Histogram)> DisposedHostAsync()
    {
        var store = new FakeAuditStore();
        var host = Build(store);
        await host.StartAsync();
        var reader = host.Services.GetRequiredService<IAuditReader>();
        var histogram = host.Services.GetRequiredService<IAuditHistogram>();
        await host.StopAsync();
        host.Dispose();
        return (store, reader, histogram);
    }

    private static IHost Build(FakeAuditStore store)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o => o.Spool.Disabled = true).UseStore(_ => store);
        return builder.Build();
    }
}
