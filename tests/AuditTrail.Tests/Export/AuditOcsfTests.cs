using System.Buffers;
using System.Text.Json;
using AuditTrail.Conformance.Support;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Export;

/// <summary>Records as OCSF 1.3 events: the mapping of every action, the fields of an event, and the host's own mappings.</summary>
public sealed class AuditOcsfTests
{
    [Fact]
    public void EveryBuiltInAction_HasAMapping_ToAnActivityItsClassNames()
    {
        var builtIn = typeof(AuditActions).GetFields().Where(field => field.IsLiteral).Select(field => (string)field.GetRawConstantValue()!).ToList();

        AuditOcsf.BuiltInActions.Keys.Should().BeEquivalentTo(builtIn);
        foreach (var (action, activity) in AuditOcsf.BuiltInActions)
        {
            AuditOcsf.ActivityNames[activity.Class].ContainsKey(activity.ActivityId).Should().BeTrue(action);
            (activity.ActivityId != 99 || activity.ActivityName is not null).Should().BeTrue($"{action}: an Other activity is named");
        }
    }

    [Fact]
    public void FailedLogin_IsAnAuthenticationLogonThatFailed_ForTheActorWhenNoTargetUser()
    {
        var record = Some.Record() with
        {
            Action = AuditActions.LoginFailed,
            ActionType = AuditActionType.Authentication,
            Outcome = AuditOutcome.Failure,
            FailureReason = "bad password",
            Actor = AuditActor.User("u-7", "Ann"),
            SourceIp = "203.0.113.9",
        };

        var e = Event(record);

        e.GetProperty("class_uid").GetInt32().Should().Be(3002);
        e.GetProperty("category_uid").GetInt32().Should().Be(3);
        e.GetProperty("category_name").GetString().Should().Be("Identity & Access Management");
        e.GetProperty("activity_name").GetString().Should().Be("Logon");
        e.GetProperty("type_uid").GetInt64().Should().Be(300201);
        e.GetProperty("type_name").GetString().Should().Be("Authentication: Logon");
        e.GetProperty("status_id").GetInt32().Should().Be(2);
        e.GetProperty("status").GetString().Should().Be("Failure");
        e.GetProperty("status_detail").GetString().Should().Be("bad password");
        e.GetProperty("user").GetProperty("uid").GetString().Should().Be("u-7");
        e.GetProperty("actor").GetProperty("user").GetProperty("type_id").GetInt32().Should().Be(1);
        e.GetProperty("src_endpoint").GetProperty("ip").GetString().Should().Be("203.0.113.9");
    }

    [Fact]
    public void FullRecord_CarriesEveryFieldWhereTheFieldsTableSays()
    {
        var record = Some.FullRecord() with { Action = AuditActions.PasswordChanged, ActionType = AuditActionType.Security, SourceIp = "2001:db8::1" };

        var e = Event(record);

        e.GetProperty("time").GetInt64().Should().Be(record.OccurredAt.ToUnixTimeMilliseconds());
        e.GetProperty("message").GetString().Should().Be(record.Description);
        var metadata = e.GetProperty("metadata");
        metadata.GetProperty("version").GetString().Should().Be("1.3.0");
        metadata.GetProperty("uid").GetGuid().Should().Be(record.Id);
        metadata.GetProperty("event_code").GetString().Should().Be(AuditActions.PasswordChanged);
        metadata.GetProperty("logged_time").GetInt64().Should().Be(record.RecordedAt.ToUnixTimeMilliseconds());
        metadata.GetProperty("correlation_uid").GetString().Should().Be(record.CorrelationId);
        metadata.GetProperty("tenant_uid").GetString().Should().Be(record.TenantId);
        metadata.GetProperty("product").GetProperty("name").GetString().Should().Be("AuditTrail");
        metadata.GetProperty("product").GetProperty("version").GetString().Should().NotBeNullOrEmpty();
        var actor = e.GetProperty("actor").GetProperty("user");
        (actor.GetProperty("uid").GetString(), actor.GetProperty("name").GetString(), actor.GetProperty("type_id").GetInt32(), actor.GetProperty("type").GetString())
            .Should().Be(("user-42", "Zoë Ångström 👩‍💻", 99, "ApiKey"));
        e.GetProperty("user").GetProperty("uid").GetString().Should().Be("user-7", "the target user is the account changed");
        e.GetProperty("http_request").GetProperty("user_agent").GetString().Should().Be(record.UserAgent);
        e.GetProperty("src_endpoint").GetProperty("ip").GetString().Should().Be("2001:db8::1");
        var unmapped = e.GetProperty("unmapped");
        unmapped.GetProperty("action_type").GetString().Should().Be("Security");
        unmapped.GetProperty("changes").GetArrayLength().Should().Be(record.Changes.Count);
        unmapped.GetProperty("changes")[0].GetProperty("field").GetString().Should().Be(record.Changes[0].Field);
        unmapped.GetProperty("metadata").GetProperty("ключ").GetString().Should().Be("значение");
        unmapped.GetProperty("resource").GetProperty("type").GetString().Should().Be(record.Resource!.Type);
    }

    [Fact]
    public void PseudonymisedSourceIp_IsNoAddress_SoItGoesToUnmapped()
    {
        var e = Event(Some.Record() with { SourceIp = "hmac:0123456789abcdef0123456789abcdef", ActionType = AuditActionType.Update });

        e.TryGetProperty("src_endpoint", out _).Should().BeFalse();
        e.GetProperty("unmapped").GetProperty("source_ip").GetString().Should().Be("hmac:0123456789abcdef0123456789abcdef");
    }

    [Theory]
    [InlineData(AuditActionType.Create, 3004, 1, "Create")]
    [InlineData(AuditActionType.Update, 3004, 3, "Update")]
    [InlineData(AuditActionType.Delete, 3004, 4, "Delete")]
    [InlineData(AuditActionType.Access, 6003, 2, "Read")]
    [InlineData(AuditActionType.Security, 6003, 99, "alert_rule.silenced")]
    [InlineData(AuditActionType.Authentication, 3002, 99, "alert_rule.silenced")]
    public void HostAction_MapsByItsActionType(AuditActionType type, int classUid, int activityId, string activityName)
    {
        var e = Event(Some.Record() with { Action = "alert_rule.silenced", ActionType = type });

        (e.GetProperty("class_uid").GetInt32(), e.GetProperty("activity_id").GetInt32(), e.GetProperty("activity_name").GetString())
            .Should().Be((classUid, activityId, activityName));
    }

    [Fact]
    public void EntityManagement_NamesTheResource_AndApiActivity_TheOperation()
    {
        var entity = Event(Some.Record() with { Action = AuditActions.ApiKeyCreated, ActionType = AuditActionType.Create, Resource = new AuditResource("api_key", "k-1", "deploy") });
        var api = Event(Some.Record() with { Action = AuditActions.AuditExported, ActionType = AuditActionType.Access, SourceIp = null });

        entity.GetProperty("entity").GetProperty("type").GetString().Should().Be("api_key");
        entity.GetProperty("entity").GetProperty("uid").GetString().Should().Be("k-1");
        entity.GetProperty("entity").GetProperty("name").GetString().Should().Be("deploy");
        api.GetProperty("api").GetProperty("operation").GetString().Should().Be(AuditActions.AuditExported);
        api.GetProperty("src_endpoint").EnumerateObject().Should().BeEmpty("API Activity requires src_endpoint, empty when no address is known");
    }

    [Fact]
    public void RoleChange_AssignsTheNewRoles_OrRevokesWhenEveryChangeRemovesOne()
    {
        var assigned = Event(Some.Record() with { Action = AuditActions.RoleChanged, Changes = [new AuditFieldChange("role", "viewer", "admin")] });
        var revoked = Event(Some.Record() with { Action = AuditActions.RoleChanged, Changes = [new AuditFieldChange("role", "admin", null)] });

        assigned.GetProperty("activity_name").GetString().Should().Be("Assign Privileges");
        assigned.GetProperty("privileges").EnumerateArray().Select(p => p.GetString()).Should().Equal("admin");
        revoked.GetProperty("activity_id").GetInt32().Should().Be(2);
        revoked.GetProperty("privileges").EnumerateArray().Select(p => p.GetString()).Should().Equal("admin");
    }

    [Fact]
    public void HostMapping_WinsOverTheTableAndTheDefault()
    {
        var options = new AuditOcsfOptions { ProductName = "Acme Monitor" };
        options.Actions[AuditActions.Logout] = new AuditOcsfActivity(AuditOcsfClass.Authentication, 99, "Session Expired");
        options.Actions["server.created"] = new AuditOcsfActivity(AuditOcsfClass.EntityManagement, 1);

        var logout = Event(Some.Record() with { Action = AuditActions.Logout }, options);
        var created = AuditOcsf.Map(Some.Record() with { Action = "server.created", ActionType = AuditActionType.Update }, options);

        logout.GetProperty("activity_name").GetString().Should().Be("Session Expired");
        logout.GetProperty("type_uid").GetInt64().Should().Be(300299);
        logout.GetProperty("metadata").GetProperty("product").GetProperty("name").GetString().Should().Be("Acme Monitor");
        created.Should().Be(new AuditOcsfActivity(AuditOcsfClass.EntityManagement, 1));
    }

    [Fact]
    public async Task HostStart_BadOcsfMappings_FailNamingEachOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o =>
        {
            o.Ocsf.ProductName = " ";
            o.Ocsf.Actions["a.one"] = new AuditOcsfActivity(AuditOcsfClass.AccountChange, 42);
            o.Ocsf.Actions["a.two"] = new AuditOcsfActivity((AuditOcsfClass)1234, 1);
            o.Ocsf.Actions["a.three"] = new AuditOcsfActivity(AuditOcsfClass.ApiActivity, -1);
        }).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().BeEquivalentTo(
            "AuditTrailOptions.Ocsf.ProductName is empty; it is every event's metadata.product.name.",
            "AuditTrailOptions.Ocsf.Actions[\"a.one\"].ActivityId 42 is not an activity of Account Change (0 Unknown, 1 Create, 2 Enable, 3 Password Change, " +
            "4 Password Reset, 5 Disable, 6 Delete, 7 Attach Policy, 8 Detach Policy, 9 Lock, 10 MFA Factor Enable, 11 MFA Factor Disable, 12 Unlock, 99 Other); name it with ActivityName.",
            "AuditTrailOptions.Ocsf.Actions[\"a.two\"].Class is 1234; it must be one of DetectionFinding, AccountChange, Authentication, EntityManagement, UserAccessManagement, ApplicationLifecycle, ApiActivity.",
            "AuditTrailOptions.Ocsf.Actions[\"a.three\"].ActivityId is -1; OCSF activity ids are 0 or more.");
    }

    private static JsonElement Event(AuditRecord record, AuditOcsfOptions? options = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, AuditJson.WriterOptions))
        {
            AuditOcsf.WriteEvent(writer, record, options);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}
