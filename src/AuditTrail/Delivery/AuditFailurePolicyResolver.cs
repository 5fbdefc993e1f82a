using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>Picks an event's <see cref="AuditFailurePolicy"/>: by action code, else by action type, else the default.</summary>
internal sealed class AuditFailurePolicyResolver
{
    private readonly AuditFailurePolicy _default;
    private readonly Dictionary<AuditActionType, AuditFailurePolicy> _byActionType;
    private readonly Dictionary<string, AuditFailurePolicy> _byAction;

    public AuditFailurePolicyResolver(IOptions<AuditTrailOptions> options)
    {
        var value = options.Value;
        _default = value.FailurePolicy;
        _byActionType = new Dictionary<AuditActionType, AuditFailurePolicy>(value.FailurePolicyByActionType);
        _byAction = new Dictionary<string, AuditFailurePolicy>(
            value.FailurePolicyByAction.Select(pair => KeyValuePair.Create(pair.Key.Trim(), pair.Value)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether any event can be fail-open, that is whether a spool could ever be used.</summary>
    public bool AnyFailOpen =>
        _default == AuditFailurePolicy.FailOpen
        || _byActionType.ContainsValue(AuditFailurePolicy.FailOpen)
        || _byAction.ContainsValue(AuditFailurePolicy.FailOpen);

    public AuditFailurePolicy Resolve(AuditRecord record) =>
        _byAction.TryGetValue(record.Action, out var byAction) ? byAction
        : _byActionType.TryGetValue(record.ActionType, out var byType) ? byType
        : _default;
}
