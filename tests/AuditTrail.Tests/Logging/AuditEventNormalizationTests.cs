using System.Diagnostics;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Logging;

/// <summary>What LogAsync stores, observed through the sink: context, ids, times, bounds, repair and redaction.</summary>
public sealed class AuditEventNormalizationTests : IAsyncLifetime
{
    private readonly FakeAuditStore _store = new();
    private ServiceProvider _services = null!;

    private IAuditLogger Logger => _services.GetRequiredService<IAuditLogger>();

    private IAuditContextAccessor Context => _services.GetRequiredService<IAuditContextAccessor>();

    public Task InitializeAsync()
    {
        _services = TestHost.Create(_store, o => o.SensitiveNames.Add("webhook_url"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task LogAsync_EmptyFields_AreFilledFromTheAmbientContext()
    {
        var john = AuditActor.User("u-john", "John Davis");
        using (Context.BeginScope(new AuditContext { Actor = john, SourceIp = "203.0.113.7", UserAgent = "Mozilla/5.0", CorrelationId = "req-1", TenantId = "acme" }))
        {
            await Logger.DeletedAsync(new AuditResource("server", "s-1", "web-01"));
        }

        var record = _store.Stored.Should().ContainSingle().Subject;
        record.Actor.Should().Be(john);
        record.SourceIp.Should().Be("203.0.113.7");
        record.UserAgent.Should().Be("Mozilla/5.0");
        record.CorrelationId.Should().Be("req-1");
        record.TenantId.Should().Be("acme");
        record.Action.Should().Be("server.deleted");
        record.Description.Should().Be("Deleted server web-01");
    }

    [Fact]
    public async Task LogAsync_SystemScope_RecordsTheSystemActorWithoutIpOrUserAgent()
    {
        using (Context.BeginScope(new AuditContext { Actor = AuditActor.User("u-1", "A"), SourceIp = "10.0.0.1", CorrelationId = "c" }))
        using (Context.BeginSystemScope())
        {
            await Logger.ApiKeyDeletedAsync(new AuditResource("api_key", "k1", "CI key"));
        }

        var record = _store.Stored.Single();
        record.Actor.Should().Be(AuditActor.System);
        record.SourceIp.Should().BeNull();
        record.CorrelationId.Should().Be("c");
    }

    [Fact]
    public async Task ApiKeyExpiredAsync_InAUsersRequest_RecordsTheSystemWithoutTheUsersIpOrUserAgent()
    {
        using (Context.BeginScope(new AuditContext { Actor = AuditActor.User("u-1", "A"), SourceIp = "10.0.0.1", UserAgent = "Mozilla/5.0", CorrelationId = "c", TenantId = "acme" }))
        {
            await Logger.ApiKeyExpiredAsync(new AuditResource("api_key", "k1", "CI key"));
        }

        // As in a System scope: the user's address and browser are not the System's; correlation and tenant carry over.
        var record = _store.Stored.Single();
        record.Actor.Should().Be(AuditActor.System);
        record.SourceIp.Should().BeNull();
        record.UserAgent.Should().BeNull();
        record.CorrelationId.Should().Be("c");
        record.TenantId.Should().Be("acme");
    }

    [Fact]
    public async Task LogAsync_NoContext_RecordsAnonymousWithTheActivityTraceId()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

        await Logger.LogAsync(new AuditEvent { Action = "x.done", ActionType = AuditActionType.Access });

        var record = _store.Stored.Single();
        record.Actor.Should().Be(AuditActor.Anonymous);
        record.CorrelationId.Should().Be(activity.TraceId.ToHexString());
    }

    [Fact]
    public async Task LogAsync_AssignsVersion7IdAndClockTimesAtMicrosecondPrecision()
    {
        var imported = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);

        var id = await Logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Create, OccurredAt = imported });

        var record = _store.Stored.Single();
        record.Id.Should().Be(id);
        id.Version.Should().Be(7);
        record.RecordedAt.Should().Be(TestHost.Start);
        record.OccurredAt.Offset.Should().Be(TimeSpan.Zero);
        record.OccurredAt.UtcTicks.Should().Be(imported.UtcTicks - 7, "ticks below a microsecond are dropped");
    }

    [Fact]
    public async Task LogAsync_OverlongValues_AreTruncatedWithAMarkerNotRejected()
    {
        var description = new string('d', 10_000_000);
        var userAgent = new string('u', 30_000);

        await Logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Update, Description = description, UserAgent = userAgent });

        var record = _store.Stored.Single();
        record.Description!.Length.Should().Be(AuditLimits.Description);
        record.Description.Should().EndWith(AuditLimits.TruncationMarker);
        record.UserAgent!.Length.Should().Be(AuditLimits.UserAgent);
        record.UserAgent.Should().EndWith(AuditLimits.TruncationMarker);
    }

    [Fact]
    public async Task LogAsync_IllFormedUtf16AndNul_AreReplacedDeterministically_LineBreaksKept()
    {
        var text = "a\uD800b\uDC00c\0d\r\ne\u2028f😀";

        await Logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Update, Description = text, UserAgent = text });

        var record = _store.Stored.Single();
        record.Description.Should().Be("a\uFFFDb\uFFFDc\uFFFDd\r\ne\u2028f😀");
        record.UserAgent.Should().Be(record.Description);
    }

    [Fact]
    public async Task LogAsync_TruncationNeverSplitsASurrogatePair()
    {
        var keep = AuditLimits.SourceIp - AuditLimits.TruncationMarker.Length;
        var value = new string('x', keep - 1) + "😀" + new string('y', 100);

        await Logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Update, SourceIp = value });

        var stored = _store.Stored.Single().SourceIp!;
        stored.Should().Be(new string('x', keep - 1) + AuditLimits.TruncationMarker);
    }

    [Fact]
    public async Task LogAsync_SensitiveNames_AreRedactedInChangesAndMetadata_CaseAndSeparatorInsensitive()
    {
        var changes = AuditDiff.Between(
            new Dictionary<string, object?> { ["Password"] = "hunter2", ["api-key"] = "sk_live_1", ["name"] = "a", ["Webhook.URL"] = "https://x/secret" },
            new Dictionary<string, object?> { ["Password"] = "correct horse", ["api-key"] = "sk_live_2", ["name"] = "b", ["Webhook.URL"] = "https://y/secret" });

        await Logger.LogAsync(new AuditEvent
        {
            Action = "user.updated",
            ActionType = AuditActionType.Update,
            Changes = changes,
            Metadata = new Dictionary<string, string> { ["Authorization"] = "Bearer abc", ["connection_string"] = "Server=x;Password=y", ["ok"] = "fine" },
        });

        var record = _store.Stored.Single();
        record.Changes.Should().Equal(
            new AuditFieldChange("Password", AuditFieldChange.Redacted, AuditFieldChange.Redacted),
            new AuditFieldChange("api-key", AuditFieldChange.Redacted, AuditFieldChange.Redacted),
            new AuditFieldChange("name", "a", "b"),
            new AuditFieldChange("Webhook.URL", AuditFieldChange.Redacted, AuditFieldChange.Redacted));
        record.Metadata.Should().Equal(new Dictionary<string, string>
        {
            ["Authorization"] = AuditFieldChange.Redacted,
            ["connection_string"] = AuditFieldChange.Redacted,
            ["ok"] = "fine",
        });
        record.Description.Should().Be("Changed Password; Changed api-key; Changed name from a to b; Changed Webhook.URL");
        string.Join("|", record.Changes.SelectMany(c => new[] { c.OldValue, c.NewValue }).Concat(record.Metadata.Values))
            .Should().NotContainAny("hunter2", "horse", "sk_live", "Bearer", "Password=y", "https://");
    }

    [Fact]
    public async Task LogAsync_TooManyChanges_KeepsTheLimitAndCountsTheRest()
    {
        var changes = Enumerable.Range(0, AuditLimits.ChangesPerEvent + 5).Select(i => new AuditFieldChange($"f{i}", "a", "b")).ToList();

        await Logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Update, Changes = changes });

        var record = _store.Stored.Single();
        record.Changes.Should().HaveCount(AuditLimits.ChangesPerEvent);
        record.Metadata["changes_truncated"].Should().Be("5");
    }

    [Fact]
    public async Task LogAsync_MetadataKeysThatBecomeOneWhenBoundedOrRepaired_KeepTheFirst_AndCountTheOther()
    {
        var longKey = new string('k', AuditLimits.Key + 10);
        var metadata = new Dictionary<string, string> { [longKey + "A"] = "first", [longKey + "B"] = "second", ["a\0"] = "nul", ["a\uFFFD"] = "replacement" };

        await Logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Update, Metadata = metadata });

        var record = _store.Stored.Single();
        record.Metadata.Should().HaveCount(3);
        record.Metadata.Values.Should().Contain("first").And.NotContain("second");
        record.Metadata["a\uFFFD"].Should().Be("nul", "'a\\0' sorts first and is repaired into the same key");
        record.Metadata["metadata_truncated"].Should().Be("2");
    }

    [Fact]
    public async Task LogAsync_AnEntryNamedAsTheLibrarysCount_GivesWayToIt_AndIsCounted()
    {
        var changes = Enumerable.Range(0, AuditLimits.ChangesPerEvent + 2).Select(i => new AuditFieldChange($"f{i}", "a", "b")).ToList();
        var metadata = new Dictionary<string, string> { ["changes_truncated"] = "mine", ["metadata_truncated"] = "mine too", ["ok"] = "kept" };

        await Logger.LogAsync(new AuditEvent { Action = "a.b", ActionType = AuditActionType.Update, Changes = changes, Metadata = metadata });

        _store.Stored.Single().Metadata.Should().Equal(new Dictionary<string, string>
        {
            ["changes_truncated"] = "2",
            ["metadata_truncated"] = "2",
            ["ok"] = "kept",
        });
    }

    [Fact]
    public async Task LogAsync_MissingActionOrUndefinedEnum_ThrowsArgumentExceptionAndStoresNothing()
    {
        await FluentActions.Awaiting(() => Logger.LogAsync(new AuditEvent { Action = " ", ActionType = AuditActionType.Create }))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*Action code is required*").Where(e => e.ParamName == "auditEvent");
        await FluentActions.Awaiting(() => Logger.LogAsync(new AuditEvent { Action = "a", ActionType = (AuditActionType)42 }))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*ActionType 42*");
        await FluentActions.Awaiting(() => Logger.LogAsync(new AuditEvent { Action = "a", ActionType = AuditActionType.Create, Actor = new AuditActor("", "x", AuditActorType.User) }))
            .Should().ThrowAsync<ArgumentException>().WithMessage("*Actor.Id is required*");
        _store.Stored.Should().BeEmpty();
    }

    [Fact]
    public async Task LogAsync_EmptyGuidAsId_ThrowsArgumentExceptionAndStoresNothing()
    {
        // Guid.Empty is what an unset Guid field holds: taken as an id, every such event after the first would be
        // stored as "the same event again" and silently dropped.
        var first = () => Logger.LogAsync(new AuditEvent { Id = Guid.Empty, Action = "a.first", ActionType = AuditActionType.Create });

        await first.Should().ThrowAsync<ArgumentException>().WithMessage("*Id*Guid.Empty*").Where(e => e.ParamName == "auditEvent");
        _store.Stored.Should().BeEmpty();
    }
}
