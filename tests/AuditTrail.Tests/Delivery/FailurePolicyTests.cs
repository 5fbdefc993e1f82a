using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Delivery;

/// <summary>Fail-closed and fail-open, per action type and per action code, observed through a fake store.</summary>
public sealed class FailurePolicyTests : IDisposable
{
    private readonly TemporaryDirectory _spool = new();

    public void Dispose() => _spool.Dispose();

    private static AuditEvent Event(string action, AuditActionType type, int i = 0) =>
        new() { Action = action, ActionType = type, Description = $"#{i}" };

    private static AuditEvent Routine(int i = 0) => Event("server.updated", AuditActionType.Update, i);

    private static AuditEvent RoleChange(int i = 0) => Event(AuditActions.RoleChanged, AuditActionType.Security, i);

    [Fact]
    public void Defaults_SecurityIsFailClosed_EverythingElseFailOpen()
    {
        var options = new AuditTrailOptions();

        options.FailurePolicy.Should().Be(AuditFailurePolicy.FailOpen);
        options.FailurePolicyByActionType.Should().Equal(new Dictionary<AuditActionType, AuditFailurePolicy>
        {
            [AuditActionType.Security] = AuditFailurePolicy.FailClosed,
        });
        options.FailurePolicyByAction.Should().BeEmpty();
        options.Spool.Directory.Should().BeNull();
    }

    [Fact]
    public async Task LogAsync_FailClosedEvent_StoreDown_ThrowsAfterTheRetries_AndSpoolsNothing()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("connection refused") };
        await using var services = TestHost.Create(store, o =>
        {
            o.MaxWriteAttempts = 3;
            o.Spool.Directory = _spool.Path;
        });
        var logger = services.GetRequiredService<IAuditLogger>();

        var act = () => logger.LogAsync(RoleChange());

        (await act.Should().ThrowAsync<AuditWriteException>())
            .WithMessage("*not recorded*after 3 attempt(s)*connection refused*")
            .WithInnerException<TimeoutException>();
        store.WriteCalls.Should().Be(3);
        store.Stored.Should().BeEmpty();
        SpoolFiles().Should().BeEmpty("a fail-closed event is never spooled: its caller was told it failed");
    }

    [Fact]
    public async Task LogAsync_FailOpenEvent_StoreDown_IsSpooledAndAcknowledged_ThenReplayedOnceInOrderBeforeNewerEvents()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("connection refused") };
        var listener = new RecordingFailureListener();
        await using var services = TestHost.Create(
            store,
            o => o.Spool.Directory = _spool.Path,
            services: s => s.AddSingleton<IAuditFailureListener>(listener));
        var logger = services.GetRequiredService<IAuditLogger>();

        var spooled = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            spooled.Add(await logger.LogAsync(Routine(i)));
        }

        store.Stored.Should().BeEmpty();
        SpoolFiles().Should().NotBeEmpty();
        listener.Failures.Should().Contain(f => f.Kind == AuditFailureKind.Permanent && f.Outcome == AuditFailureOutcome.Spooled && f.EventIds.Contains(spooled[0]));
        listener.Failures.Should().Contain(f => f.Kind == AuditFailureKind.Temporary && f.Outcome == AuditFailureOutcome.Retrying);

        store.FailWith = null;
        var after = await logger.LogAsync(Routine(3));

        store.Stored.Select(r => r.Id).Should().Equal([.. spooled, after], "spooled events are replayed, in order, before any newer batch");
        store.Batches.SelectMany(b => b).Select(r => r.Id).Should().OnlyHaveUniqueItems();
        SpoolFiles().Should().BeEmpty("a replayed segment is deleted");
    }

    [Fact]
    public async Task LogAsync_ActionCodeOverride_BeatsTheActionTypePolicy_IgnoringCase()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("down") };
        await using var services = TestHost.Create(store, o =>
        {
            o.MaxWriteAttempts = 1;
            o.Spool.Directory = _spool.Path;
            o.FailurePolicyByAction["Server.Deleted"] = AuditFailurePolicy.FailClosed;
            o.FailurePolicyByAction[AuditActions.MfaEnabled] = AuditFailurePolicy.FailOpen;
        });
        var logger = services.GetRequiredService<IAuditLogger>();

        await FluentActions.Awaiting(() => logger.LogAsync(Event("server.deleted", AuditActionType.Delete)))
            .Should().ThrowAsync<AuditWriteException>();
        await logger.LogAsync(Event(AuditActions.MfaEnabled, AuditActionType.Security));
        await FluentActions.Awaiting(() => logger.LogAsync(Event(AuditActions.MfaDisabled, AuditActionType.Security)))
            .Should().ThrowAsync<AuditWriteException>();
    }

    [Fact]
    public async Task LogAsync_PersistentError_IsNotRetried()
    {
        var store = new FakeAuditStore { FailWith = new UnauthorizedAccessException("read-only file") };
        await using var services = TestHost.Create(store, o => o.MaxWriteAttempts = 5);
        var logger = services.GetRequiredService<IAuditLogger>();

        var act = () => logger.LogAsync(RoleChange());

        (await act.Should().ThrowAsync<AuditWriteException>()).WithMessage("*retrying cannot fix*read-only file*");
        store.WriteCalls.Should().Be(1);
    }

    [Fact]
    public async Task LogAsync_CustomClassifier_DecidesBeforeTheBuiltInRules()
    {
        var store = new FakeAuditStore { FailWith = new InvalidOperationException("quota exceeded") };
        await using var services = TestHost.Create(
            store,
            o => o.MaxWriteAttempts = 5,
            services: s => s.AddSingleton<IAuditWriteErrorClassifier>(new QuotaClassifier()));
        var logger = services.GetRequiredService<IAuditLogger>();

        await FluentActions.Awaiting(() => logger.LogAsync(RoleChange())).Should().ThrowAsync<AuditWriteException>();

        store.WriteCalls.Should().Be(1);
    }

    [Fact]
    public async Task LogAsync_StoreErrorWrappingAPersistentCause_IsNotRetried()
    {
        // A store that adds context to the database's error (a failed schema migration) keeps it as the inner exception.
        var store = new FakeAuditStore { FailWith = new InvalidOperationException("migration failed", new UnauthorizedAccessException("read-only")) };
        await using var services = TestHost.Create(store, o => o.MaxWriteAttempts = 5);
        var logger = services.GetRequiredService<IAuditLogger>();

        await FluentActions.Awaiting(() => logger.LogAsync(RoleChange())).Should().ThrowAsync<AuditWriteException>();

        store.WriteCalls.Should().Be(1);
    }

    [Fact]
    public async Task LogAsync_FailOpenWithoutSpool_Durable_ThrowsNamingTheMissingSpool()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("down") };
        await using var services = TestHost.Create(store, o => o.MaxWriteAttempts = 2);
        var logger = services.GetRequiredService<IAuditLogger>();

        var act = () => logger.LogAsync(Routine());

        await act.Should().ThrowAsync<AuditWriteException>().WithMessage("*no spool is configured (AuditTrailOptions.Spool.Directory)*");
    }

    [Fact]
    public async Task LogAsync_FailClosedInBufferedMode_StillWaitsForTheCommit()
    {
        var store = new FakeAuditStore();
        var gate = new TaskCompletionSource();
        store.Gate = gate.Task;
        await using var services = TestHost.Create(store, o => o.DeliveryMode = AuditDeliveryMode.Buffered);
        var logger = services.GetRequiredService<IAuditLogger>();

        await logger.LogAsync(Routine(1));
        var security = logger.LogAsync(RoleChange(2));
        await Poll.UntilAsync(() => store.WriteCalls >= 1, "the writer is held in the store");

        security.IsCompleted.Should().BeFalse("a fail-closed caller is acknowledged only by the commit");
        gate.SetResult();
        var id = await security;
        store.Stored.Should().Contain(r => r.Id == id);
    }

    [Fact]
    public async Task Buffered_FailOpenWithoutSpool_KeepsEventsInMemory_AndDeliversThemWhenTheStoreRecovers()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("down") };
        var listener = new RecordingFailureListener();
        await using var services = TestHost.Create(
            store,
            o =>
            {
                o.DeliveryMode = AuditDeliveryMode.Buffered;
                o.MaxWriteAttempts = 1;
            },
            services: s => s.AddSingleton<IAuditFailureListener>(listener));
        var logger = services.GetRequiredService<IAuditLogger>();

        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await logger.LogAsync(Routine(i)));
        }

        await Poll.UntilAsync(() => listener.Failures.Any(f => f.Outcome == AuditFailureOutcome.Retained), "the events are retained");
        listener.Failures.Count(f => f.Outcome == AuditFailureOutcome.Retained).Should().Be(1, "retention is reported when it begins, not on every round");

        store.FailWith = null;
        await Poll.UntilAsync(() => store.Stored.Count == 5, "the retained events are delivered");
        store.Stored.Select(r => r.Id).Should().Equal(ids);
    }

    [Fact]
    public async Task DisposeWithoutHost_BufferedEventsNeitherStoreNorSpoolTakes_EndsAndReportsThemNotRecorded()
    {
        var store = new FakeAuditStore { FailWith = new TimeoutException("down") };
        var listener = new RecordingFailureListener();
        var services = TestHost.Create(
            store,
            o =>
            {
                o.DeliveryMode = AuditDeliveryMode.Buffered;
                o.MaxWriteAttempts = 1;
            },
            services: s => s.AddSingleton<IAuditFailureListener>(listener));
        var id = await services.GetRequiredService<IAuditLogger>().LogAsync(Routine());
        await Poll.UntilAsync(() => listener.Failures.Any(f => f.Outcome == AuditFailureOutcome.Retained), "the event is retained");

        var dispose = () => services.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        await dispose.Should().NotThrowAsync("without a host there is no shutdown timeout, and a store that stays down must not hold the disposal forever");
        listener.Failures.Should().Contain(f => f.Outcome == AuditFailureOutcome.NotRecorded && f.EventIds.Contains(id),
            "an event given up at disposal is reported with its id, as at a host's shutdown");
        store.Stored.Should().BeEmpty();
    }

    [Fact]
    public async Task Listener_ThatThrows_DoesNotAffectDelivery()
    {
        var store = new FakeAuditStore { TransientFailures = 1 };
        await using var services = TestHost.Create(
            store,
            services: s => s.AddSingleton<IAuditFailureListener>(new ThrowingListener()));
        var logger = services.GetRequiredService<IAuditLogger>();

        var id = await logger.LogAsync(Routine());

        store.Stored.Should().ContainSingle(r => r.Id == id);
    }

    private string[] SpoolFiles() =>
        Directory.Exists(_spool.Path) ? Directory.GetFiles(_spool.Path, "*.spool", SearchOption.AllDirectories) : [];

    private sealed class QuotaClassifier : IAuditWriteErrorClassifier
    {
        public AuditWriteErrorKind Classify(Exception exception) =>
            exception.Message.Contains("quota", StringComparison.Ordinal) ? AuditWriteErrorKind.Persistent : AuditWriteErrorKind.Unknown;
    }

    private sealed class ThrowingListener : IAuditFailureListener
    {
        public void OnFailure(AuditFailure failure) => throw new InvalidOperationException("alerting is down");
    }
}
