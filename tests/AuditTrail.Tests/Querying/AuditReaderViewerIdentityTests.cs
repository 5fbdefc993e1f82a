using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Querying;

/// <summary>
/// A viewer's id and tenant are compared with stored values, which are bounded and repaired (<see cref="AuditLimits"/>):
/// one that no record can hold as given (too long, a NUL, a lone surrogate) is an error naming it, never a scope that
/// silently matches nothing, or the cut or repaired value another tenant's or user's records share.
/// </summary>
public sealed class AuditReaderViewerIdentityTests : IAsyncLifetime
{
    private static readonly string LongTenant = new('t', AuditLimits.TenantId + 1);

    private readonly FakeAuditStore _store = new();
    private ServiceProvider _services = null!;

    // By name: xunit's serialization of theory data would repair a lone surrogate before the test saw it.
    public static TheoryData<string> UnstorableTenants => ["128", "NUL", "surrogate"];

    public async Task InitializeAsync()
    {
        _services = TestHost.Create(_store, options => options.RecordLifecycleEvents = false, trail: builder => builder.AddReview());
        await _services.GetRequiredService<IAuditLogger>().LogAsync(new AuditEvent
        {
            Action = "a.b",
            ActionType = AuditActionType.Create,
            Actor = AuditActor.User("mike", "Mike"),
            TenantId = LongTenant,
        });
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Theory]
    [MemberData(nameof(UnstorableTenants))]
    public async Task EveryRead_ViewerTenantNoRecordCanHold_ThrowsNamingViewerTenantId(string named)
    {
        var tenant = named switch { "128" => LongTenant, "NUL" => "acme\0", _ => "acme\uD800" };
        var reader = _services.GetRequiredService<IAuditReader>();
        var viewer = new AuditViewer("root", IsAdmin: true, tenant);
        var reads = new List<Func<Task>>
        {
            () => reader.QueryAsync(viewer, new AuditQuery()),
            () => reader.GetAsync(viewer, _store.Stored[0].Id),
            () => reader.CountAsync(viewer, new AuditQuery()),
            () => reader.GetCountAsync(viewer, new AuditQuery(), new AuditCountOptions { AtMost = 10 }),
            () => reader.GetFacetsAsync(viewer),
            () => reader.StreamAsync(viewer, new AuditQuery()).ToListAsync().AsTask(),
            () => reader.ExportAsync(viewer, new AuditQuery(), AuditExportFormat.Csv, Stream.Null),
            () => _services.GetRequiredService<IAuditHistogram>().GetHistogramAsync(viewer, new AuditQuery(), AuditHistogramInterval.Auto),
            () => _services.GetRequiredService<IAuditReview>().ReviewAsync(viewer, TestHost.Start.AddDays(-1), TestHost.Start),
        };

        foreach (var read in reads)
        {
            (await read.Should().ThrowAsync<ArgumentException>())
                .Where(e => e.ParamName == "viewer.TenantId" && e.Message.Contains(named, StringComparison.Ordinal));
        }

        _store.Filters.Should().BeEmpty("nothing is read for such a viewer");
    }

    [Fact]
    public async Task QueryAsync_ViewerIdLongerThanStored_ThrowsNamingViewerId()
    {
        var reader = _services.GetRequiredService<IAuditReader>();

        var read = () => reader.QueryAsync(AuditViewer.User(new string('u', AuditLimits.ActorId + 1)), new AuditQuery());

        (await read.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("viewer.Id");
    }

    [Fact]
    public async Task QueryAsync_ViewerTenantAtTheLimit_ReadsThatTenant()
    {
        var tenant = new string('t', AuditLimits.TenantId);

        var page = await _services.GetRequiredService<IAuditReader>().QueryAsync(new AuditViewer("root", IsAdmin: true, tenant), new AuditQuery());

        page.Items.Should().BeEmpty("the fake store's record is in another tenant, which the reader's own check drops");
        _store.Filters.Should().ContainSingle().Which.ScopeTenantId.Should().Be(tenant);
    }
}
