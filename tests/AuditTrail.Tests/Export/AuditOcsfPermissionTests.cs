using System.Buffers;
using System.Text.Json;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Export;

/// <summary>The permission helper's records as OCSF: a revocation is Revoke Privileges, and the permission is the privilege either way.</summary>
public sealed class AuditOcsfPermissionTests
{
    [Fact]
    public async Task PermissionChangedAsync_Revoked_IsRevokePrivileges_OfThatPermission()
    {
        var revoked = await EventOf(logger => logger.PermissionChangedAsync(new AuditResource("user", "u-9", "Bob"), "servers.write", granted: false));

        revoked.GetProperty("class_uid").GetInt32().Should().Be((int)AuditOcsfClass.UserAccessManagement);
        revoked.GetProperty("activity_id").GetInt32().Should().Be(2);
        revoked.GetProperty("activity_name").GetString().Should().Be("Revoke Privileges");
        revoked.GetProperty("type_uid").GetInt32().Should().Be(300502);
        revoked.GetProperty("privileges").EnumerateArray().Select(p => p.GetString()).Should().Equal("servers.write");
    }

    [Fact]
    public async Task PermissionChangedAsync_Granted_IsAssignPrivileges_OfThatPermission()
    {
        var granted = await EventOf(logger => logger.PermissionChangedAsync(new AuditResource("user", "u-9", "Bob"), "servers.write", granted: true));

        granted.GetProperty("activity_id").GetInt32().Should().Be(1);
        granted.GetProperty("privileges").EnumerateArray().Select(p => p.GetString()).Should().Equal("servers.write");
    }

    /// <summary>The OCSF event of the record the helper logs (as the store would keep it).</summary>
    private static async Task<JsonElement> EventOf(Func<IAuditLogger, Task> log)
    {
        var logger = new CapturingLogger();
        await log(logger);
        var logged = logger.Logged!;
        var record = Some.Record() with
        {
            Action = logged.Action,
            ActionType = logged.ActionType,
            Resource = logged.Resource,
            TargetUser = logged.TargetUser,
            Description = logged.Description,
            Changes = logged.Changes ?? [],
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
            return Task.FromResult(Guid.CreateVersion7());
        }
    }
}
