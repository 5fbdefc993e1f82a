using System.Buffers;
using System.Text.Json;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Export;

/// <summary>A failed sign-in as OCSF: the user who tried to authenticate is the name typed, not "Anonymous".</summary>
public sealed class AuditOcsfFailedLoginTests
{
    [Fact]
    public async Task LoginFailedAsync_UnknownUserName_IsTheOcsfUserByName()
    {
        var e = await EventOf(logger => logger.LoginFailedAsync("nobody", "invalid password", knownUser: null), AuditActor.Anonymous);

        e.GetProperty("class_uid").GetInt32().Should().Be((int)AuditOcsfClass.Authentication);
        e.GetProperty("status_id").GetInt32().Should().Be(2);
        var user = e.GetProperty("user");
        user.GetProperty("name").GetString().Should().Be("nobody");
        user.TryGetProperty("uid", out _).Should().BeFalse("an unknown name has no account id");
        e.GetProperty("actor").GetProperty("user").GetProperty("uid").GetString().Should().Be(AuditActor.AnonymousId);
    }

    [Fact]
    public async Task LoginFailedAsync_KnownUser_IsTheOcsfUserByAccount()
    {
        var mike = AuditActor.User("u-mike", "Mike Johnson");

        var e = await EventOf(logger => logger.LoginFailedAsync("mike", "invalid password", mike), mike);

        e.GetProperty("user").GetProperty("uid").GetString().Should().Be("u-mike");
        e.GetProperty("user").GetProperty("name").GetString().Should().Be("Mike Johnson");
    }

    /// <summary>The OCSF event of the record the helper logs (as the store would keep it).</summary>
    private static async Task<JsonElement> EventOf(Func<IAuditLogger, Task> log, AuditActor actor)
    {
        var logger = new CapturingLogger();
        await log(logger);
        var logged = logger.Logged!;
        var record = Some.Record() with
        {
            Actor = logged.Actor ?? actor,
            Action = logged.Action,
            ActionType = logged.ActionType,
            Outcome = logged.Outcome,
            FailureReason = logged.FailureReason,
            Resource = logged.Resource,
            TargetUser = logged.TargetUser,
            Description = logged.Description,
            Metadata = logged.Metadata ?? new Dictionary<string, string>(),
        };

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, AuditJson.WriterOptions))
        {
            AuditOcsf.WriteEvent(writer, record);
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    private sealed class CapturingLogger : IAuditLogger
    {
        public AuditEvent? Logged { get; private set; }

        public Task<Guid> LogAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
        {
            Logged = auditEvent;
            return Task.FromResult(Guid.NewGuid());
        }
    }
}
