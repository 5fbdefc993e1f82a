using System.Buffers;
using System.Text.Json;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Export;

/// <summary>The OCSF event of the record a logger helper logs, as the store would keep it.</summary>
internal static class OcsfOfLogged
{
    /// <summary>Runs <paramref name="log"/> on a logger that keeps the event, and maps it as a record; <paramref name="actor"/> when the event names none.</summary>
    public static async Task<JsonElement> EventOf(Func<IAuditLogger, Task> log, AuditActor? actor = null)
    {
        var logger = new CapturingLogger();
        await log(logger);
        var logged = logger.Logged!;
        var record = Some.Record() with
        {
            Actor = logged.Actor ?? actor ?? Some.Record().Actor,
            Action = logged.Action,
            ActionType = logged.ActionType,
            Outcome = logged.Outcome,
            FailureReason = logged.FailureReason,
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
