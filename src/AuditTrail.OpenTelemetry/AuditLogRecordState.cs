using System.Collections;
using System.Globalization;

namespace AuditTrail.OpenTelemetry;

/// <summary>
/// The attributes of one record's log record, as the state of an <c>ILogger.Log</c> call (a list of key-value pairs,
/// which the OpenTelemetry SDK turns into attributes): OpenTelemetry semantic conventions where they exist, the rest
/// under <c>audit.*</c>. Absent values are left out.
/// </summary>
internal sealed class AuditLogRecordState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _attributes = new(20);

    public AuditLogRecordState(AuditRecord record, long sequence)
    {
        Add(AuditLogAttributes.EventName, record.Action);
        Add(AuditLogAttributes.UserId, record.Actor.Id);
        Add(AuditLogAttributes.UserName, record.Actor.DisplayName);
        Add(AuditLogAttributes.ClientAddress, record.SourceIp);
        Add(AuditLogAttributes.UserAgent, record.UserAgent);
        Add(AuditLogAttributes.Id, record.Id.ToString());
        Add(AuditLogAttributes.Sequence, sequence);
        Add(AuditLogAttributes.OccurredAt, record.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        Add(AuditLogAttributes.ActionType, record.ActionType.ToString());
        Add(AuditLogAttributes.Outcome, record.Outcome.ToString());
        Add(AuditLogAttributes.FailureReason, record.FailureReason);
        Add(AuditLogAttributes.ActorType, record.Actor.Type.ToString());
        Add(AuditLogAttributes.ResourceType, record.Resource?.Type);
        Add(AuditLogAttributes.ResourceId, record.Resource?.Id);
        Add(AuditLogAttributes.ResourceName, record.Resource?.Name);
        Add(AuditLogAttributes.TargetUserId, record.TargetUser?.Id);
        Add(AuditLogAttributes.TenantId, record.TenantId);
        Add(AuditLogAttributes.CorrelationId, record.CorrelationId);
        Message = record.Description ?? record.Action;
    }

    /// <summary>The log record's body: the description, else the action.</summary>
    public string Message { get; }

    public int Count => _attributes.Count;

    public KeyValuePair<string, object?> this[int index] => _attributes[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _attributes.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;

    private void Add(string key, object? value)
    {
        if (value is not null)
        {
            _attributes.Add(new(key, value));
        }
    }
}
