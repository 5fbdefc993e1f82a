using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditTrailConformanceTests
{
    [Fact]
    public async Task Helpers_EverySeedEvent_IsRecordedWithAllFields()
    {
        var server = new AuditResource("server", "srv-3", "web-03");
        var mikeUser = new AuditResource("user", Mike.Id, Mike.DisplayName);
        var key = new AuditResource("api_key", "key-1", "CI key");
        var channel = new AuditResource("notification_channel", "ch-1", "Ops webhook");
        await AsAsync(John, "203.0.113.10", async () =>
        {
            await Logger.LoginSucceededAsync(John);
            await Logger.CreatedAsync(server, null);
            await Logger.UpdatedAsync(server, AuditDiff.Between(new { load_multiplier = 1.0 }, new { load_multiplier = 1.5 }));
            await Logger.DeletedAsync(server);
            await Logger.PasswordChangedAsync(mikeUser);
            await Logger.MfaEnabledAsync(mikeUser);
            await Logger.MfaDisabledAsync(mikeUser);
            await Logger.RoleChangedAsync(mikeUser, "Viewer", "Admin");
            await Logger.PermissionChangedAsync(mikeUser, "servers:write", granted: false);
            await Logger.AccountCreatedAsync(mikeUser, "Viewer");
            await Logger.AccountDeactivatedAsync(mikeUser);
            await Logger.ApiKeyCreatedAsync(key);
            await Logger.ApiKeyDeletedAsync(key);
            await Logger.CreatedAsync(channel, "Added webhook notification channel Ops webhook");
            await Logger.UpdatedAsync(channel, [new AuditFieldChange("url", "https://a", "https://b")]);
            await Logger.DeletedAsync(channel);
            await Logger.LogoutAsync();
        });
        await AsAsync(AuditActor.Anonymous, "198.51.100.23", () => Logger.LoginFailedAsync("sarah", "invalid password", Sarah));
        using (Context.BeginSystemScope())
        {
            await Logger.ApiKeyExpiredAsync(key);
        }

        var records = (await AllPagesAsync(Admin, new AuditQuery())).ToDictionary(r => r.Action, StringComparer.Ordinal);

        records.Keys.Should().BeEquivalentTo(
            AuditActions.LoginSucceeded, "server.created", "server.updated", "server.deleted",
            AuditActions.PasswordChanged, AuditActions.MfaEnabled, AuditActions.MfaDisabled, AuditActions.RoleChanged,
            AuditActions.PermissionChanged, AuditActions.AccountCreated, AuditActions.AccountDeactivated,
            AuditActions.ApiKeyCreated, AuditActions.ApiKeyDeleted, "notification_channel.created",
            "notification_channel.updated", "notification_channel.deleted", AuditActions.Logout,
            AuditActions.LoginFailed, AuditActions.ApiKeyExpired);

        var update = records["server.updated"];
        update.Actor.Should().Be(John);
        update.ActionType.Should().Be(AuditActionType.Update);
        update.Outcome.Should().Be(AuditOutcome.Success);
        update.Resource.Should().Be(server);
        update.Description.Should().Be("Changed load_multiplier from 1.0 to 1.5");
        update.Changes.Should().Equal(new AuditFieldChange("load_multiplier", "1.0", "1.5"));
        update.SourceIp.Should().Be("203.0.113.10");
        update.UserAgent.Should().Be("TestAgent/u-john");
        update.CorrelationId.Should().Be("corr-u-john");
        update.OccurredAt.Should().Be(Now);
        update.RecordedAt.Should().Be(Now);

        var failed = records[AuditActions.LoginFailed];
        failed.Actor.Should().Be(Sarah);
        failed.Outcome.Should().Be(AuditOutcome.Failure);
        failed.FailureReason.Should().Be("invalid password");
        failed.Resource!.Name.Should().Be("sarah");
        failed.Metadata.Should().Contain("attempted_user", "sarah");
        failed.SourceIp.Should().Be("198.51.100.23");

        records[AuditActions.ApiKeyExpired].Actor.Should().Be(AuditActor.System);
        records[AuditActions.ApiKeyExpired].SourceIp.Should().BeNull();
        records[AuditActions.RoleChanged].Description.Should().Be("Changed role from Viewer to Admin");
        records[AuditActions.PermissionChanged].Description.Should().Be("Revoked servers:write");
        records[AuditActions.LoginSucceeded].ActionType.Should().Be(AuditActionType.Authentication);
        records[AuditActions.MfaEnabled].ActionType.Should().Be(AuditActionType.Security);
        records["notification_channel.updated"].Description.Should().Be("Changed url from https://a to https://b");

        // The helpers about a user account name it as the target user, so that user sees what was done to them.
        var aboutMike = new AuditTargetUser(Mike.Id, Mike.DisplayName);
        records.Where(pair => pair.Value.TargetUser is not null).Select(pair => pair.Key).Should().BeEquivalentTo(
            AuditActions.PasswordChanged, AuditActions.MfaEnabled, AuditActions.MfaDisabled, AuditActions.RoleChanged,
            AuditActions.PermissionChanged, AuditActions.AccountCreated, AuditActions.AccountDeactivated, AuditActions.LoginFailed);
        records[AuditActions.RoleChanged].TargetUser.Should().Be(aboutMike);
        records[AuditActions.AccountDeactivated].TargetUser.Should().Be(aboutMike);
        records[AuditActions.LoginFailed].TargetUser.Should().Be(new AuditTargetUser(Sarah.Id, Sarah.DisplayName));
    }

    [Fact]
    public async Task LogAsync_Durable_RowIsVisibleFromASeparateConnectionWhenItReturns()
    {
        for (var i = 1; i <= 20; i++)
        {
            await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update));

            (await CountCommittedRowsAsync()).Should().Be(i, "a durable LogAsync returns only after its commit");
        }
    }

    [Fact]
    public async Task LogAsync_100ConcurrentDurableCallers_ShareFewerThan100Transactions()
    {
        await Store.InitializeAsync();
        var start = new TaskCompletionSource();
        var callers = Enumerable.Range(0, 100)
            .Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await Logger.LogAsync(Event(Mike, "server.updated", AuditActionType.Update) with { Description = $"#{i}" });
            }))
            .ToList();

        start.SetResult();
        var ids = await Task.WhenAll(callers);

        ids.Should().OnlyHaveUniqueItems();
        (await CountCommittedRowsAsync()).Should().Be(100);
        Store.Writes.Should().BeLessThan(100, "concurrent durable callers share group-commit transactions");
    }

    [Fact]
    public async Task LogAsync_SameIdLoggedTwice_IsStoredOnce()
    {
        var id = Guid.CreateVersion7();

        await Logger.LogAsync(Event(John, "server.created", AuditActionType.Create) with { Id = id });
        await Logger.LogAsync(Event(John, "server.created", AuditActionType.Create) with { Id = id });

        (await CountCommittedRowsAsync()).Should().Be(1);
    }
}
