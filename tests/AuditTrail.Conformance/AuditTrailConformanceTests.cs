using AuditTrail.Conformance.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// The whole library over a real store, through its public API only: <c>AddAuditTrail()</c>,
/// <see cref="IAuditLogger"/>, <see cref="IAuditReader"/> and <see cref="IAuditRetention"/>. A store's test
/// project derives from this class and supplies a fresh, isolated, empty store per test.
/// </summary>
public abstract partial class AuditTrailConformanceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 20, 14, 34, 0, TimeSpan.Zero);

    protected static readonly AuditActor John = AuditActor.User("u-john", "John Davis");
    protected static readonly AuditActor Sarah = AuditActor.User("u-sarah", "Sarah Miller");
    protected static readonly AuditActor Mike = AuditActor.User("u-mike", "Mike Johnson");

    protected static readonly AuditViewer Admin = AuditViewer.Admin(John.Id);
    protected static readonly AuditViewer MikeViewer = AuditViewer.User(Mike.Id);

    private ServiceProvider? _services;
    private IAuditLegalHoldStore? _holdStore;

    /// <summary>The clock the pipeline uses.</summary>
    protected ManualTimeProvider Clock { get; } = new(Now);

    /// <summary>The store, wrapped to count write transactions.</summary>
    protected CountingStore Store { get; private set; } = null!;

    protected IServiceProvider Services => _services ?? throw new InvalidOperationException("Call StartAsync first.");

    protected IAuditLogger Logger => Services.GetRequiredService<IAuditLogger>();

    protected IAuditReader Reader => Services.GetRequiredService<IAuditReader>();

    protected IAuditContextAccessor Context => Services.GetRequiredService<IAuditContextAccessor>();

    /// <summary>Creates a fresh, isolated, empty store; the derived class cleans it up.</summary>
    protected abstract IAuditStore CreateStore();

    /// <summary>Counts the committed audit rows through a connection of its own: what another process would see.</summary>
    protected abstract Task<long> CountCommittedRowsAsync();

    public virtual Task InitializeAsync() => StartAsync();

    public virtual async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    /// <summary>(Re)starts the library over a new store with the given options.</summary>
    protected async Task StartAsync(Action<AuditTrailOptions>? configure = null)
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        var store = CreateStore();
        _holdStore = store as IAuditLegalHoldStore;
        Store = new CountingStore(store);
        BuildServices(configure);
    }

    /// <summary>Restarts the library over the same store, as a new process would: nothing in memory survives (no monotonic clock baseline either).</summary>
    protected async Task RestartAsync(Action<AuditTrailOptions>? configure = null)
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        BuildServices(configure);
    }

    private void BuildServices(Action<AuditTrailOptions>? configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        if (_holdStore is not null)
        {
            // The counting wrapper hides the store's other interfaces; the holds are the store's own.
            services.AddSingleton(_holdStore);
        }

        services.AddAuditTrail(options =>
        {
            options.WriteRetryDelay = TimeSpan.Zero;
            configure?.Invoke(options);
        }).UseStore(_ => Store);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Runs <paramref name="work"/> as a request of <paramref name="actor"/> from <paramref name="ip"/>.</summary>
    protected async Task AsAsync(AuditActor actor, string ip, Func<Task> work, string? tenant = null)
    {
        using (Context.BeginScope(new AuditContext { Actor = actor, SourceIp = ip, UserAgent = $"TestAgent/{actor.Id}", CorrelationId = $"corr-{actor.Id}", TenantId = tenant }))
        {
            await work();
        }
    }

    /// <summary>A minimal event of <paramref name="actor"/>, to be completed with <c>with { ... }</c>.</summary>
    protected static AuditEvent Event(AuditActor actor, string action, AuditActionType type) =>
        new() { Action = action, ActionType = type, Actor = actor };

    /// <summary>Every record a viewer can page through, following cursors.</summary>
    protected async Task<List<AuditRecord>> AllPagesAsync(AuditViewer? viewer, AuditQuery query)
    {
        var all = new List<AuditRecord>();
        string? cursor = null;
        do
        {
            var page = await Reader.QueryAsync(viewer, query with { Cursor = cursor });
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }
}
