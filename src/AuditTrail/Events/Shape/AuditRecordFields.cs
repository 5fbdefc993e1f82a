using System.Collections.Frozen;

namespace AuditTrail;

/// <summary>
/// The stored fields of an <see cref="AuditRecord"/>, each stated once: the relational stores' columns and row
/// readers, the hash chain's canonical encoding, the CSV and JSON Lines exports and the search predicates all take
/// the record's shape from here, so that two of them cannot drift apart (with a hash chain over the stored form,
/// such a drift would be an integrity bug). A test fails when the record gains a property that is not listed here.
/// </summary>
/// <remarks>
/// The order of declaration is the order of the stored columns (<see cref="Stored"/>). <see cref="Hashed"/> is the order
/// of the canonical encoding (<c>docs/integrity.md</c>): <c>canonical_v1</c> writes the fields of
/// <see cref="AuditRecordField.HashVersion"/> 1, <c>canonical_v2</c> (a record with a target user) those and then the
/// target user's. It is part of the on-disk format and never changes; a field is only ever added in a new version. A
/// field that is hashed in the place of another (<see cref="AuditRecordField.HashedInPlaceOf"/>) has no place of its own there.
/// </remarks>
public static class AuditRecordFields
{
    // Declared first: each field below adds itself as it is initialized, in declaration order.
    private static readonly List<AuditRecordField> Defined = [];

    /// <summary>The event id.</summary>
    public static AuditRecordField Id { get; } = Define(new(nameof(Id), nameof(AuditRecord.Id), "id", AuditRecordFieldKind.Id)
    {
        HashPosition = 0, ExportPosition = 0, ExportHeader = "Id", IdOf = record => record.Id,
    });

    /// <summary>When the action happened.</summary>
    public static AuditRecordField OccurredAt { get; } = Define(new(nameof(OccurredAt), nameof(AuditRecord.OccurredAt), "occurred_at", AuditRecordFieldKind.Time)
    {
        HashPosition = 1, ExportPosition = 1, ExportHeader = "Time (UTC)", TimeOf = record => record.OccurredAt,
    });

    /// <summary>When the pipeline accepted the event.</summary>
    public static AuditRecordField RecordedAt { get; } = Define(new(nameof(RecordedAt), nameof(AuditRecord.RecordedAt), "recorded_at", AuditRecordFieldKind.Time)
    {
        HashPosition = 2, ExportPosition = 2, ExportHeader = "Recorded (UTC)", TimeOf = record => record.RecordedAt,
    });

    /// <summary>The actor's id.</summary>
    public static AuditRecordField ActorId { get; } = Define(new(nameof(ActorId), "Actor.Id", "actor_id", AuditRecordFieldKind.Text)
    {
        IsSearched = true, HashPosition = 4, ExportPosition = 4, ExportHeader = "User Id", TextOf = record => record.Actor.Id,
    });

    /// <summary>The actor's display name.</summary>
    public static AuditRecordField ActorName { get; } = Define(new(nameof(ActorName), "Actor.DisplayName", "actor_name", AuditRecordFieldKind.Text)
    {
        IsNullable = true, IsSearched = true, HashPosition = 5, ExportPosition = 3, ExportHeader = "User", TextOf = record => record.Actor.DisplayName,
    });

    /// <summary>The actor's <see cref="AuditActorType"/>.</summary>
    public static AuditRecordField ActorType { get; } = Define(new(nameof(ActorType), "Actor.Type", "actor_type", AuditRecordFieldKind.Enum)
    {
        HashPosition = 3, ExportPosition = 5, ExportHeader = "User Type", TextOf = record => AuditEnumNames.Format(record.Actor.Type),
    });

    /// <summary>The action code.</summary>
    public static AuditRecordField Action { get; } = Define(new(nameof(Action), nameof(AuditRecord.Action), "action", AuditRecordFieldKind.Text)
    {
        IsSearched = true, HashPosition = 6, ExportPosition = 7, ExportHeader = "Action", TextOf = record => record.Action,
    });

    /// <summary>The <see cref="AuditActionType"/>.</summary>
    public static AuditRecordField ActionType { get; } = Define(new(nameof(ActionType), nameof(AuditRecord.ActionType), "action_type", AuditRecordFieldKind.Enum)
    {
        HashPosition = 7, ExportPosition = 6, ExportHeader = "Action Type", TextOf = record => AuditEnumNames.Format(record.ActionType),
    });

    /// <summary>The <see cref="AuditOutcome"/>.</summary>
    public static AuditRecordField Outcome { get; } = Define(new(nameof(Outcome), nameof(AuditRecord.Outcome), "outcome", AuditRecordFieldKind.Enum)
    {
        HashPosition = 8, ExportPosition = 8, ExportHeader = "Outcome", TextOf = record => AuditEnumNames.Format(record.Outcome),
    });

    /// <summary>Why the action failed.</summary>
    public static AuditRecordField FailureReason { get; } = Define(new(nameof(FailureReason), nameof(AuditRecord.FailureReason), "failure_reason", AuditRecordFieldKind.Text)
    {
        IsNullable = true, IsSearched = true, HashPosition = 9, ExportPosition = 9, ExportHeader = "Failure Reason", TextOf = record => record.FailureReason,
    });

    /// <summary>The resource's type; <see langword="null"/> when the record has no resource.</summary>
    public static AuditRecordField ResourceType { get; } = Define(new(nameof(ResourceType), "Resource.Type", "resource_type", AuditRecordFieldKind.Text)
    {
        IsNullable = true, IsSearched = true, HashPosition = 10, ExportPosition = 10, ExportHeader = "Resource Type", TextOf = record => record.Resource?.Type,
    });

    /// <summary>The resource's id.</summary>
    public static AuditRecordField ResourceId { get; } = Define(new(nameof(ResourceId), "Resource.Id", "resource_id", AuditRecordFieldKind.Text)
    {
        IsNullable = true, IsSearched = true, HashPosition = 11, ExportPosition = 11, ExportHeader = "Resource Id", TextOf = record => record.Resource?.Id,
    });

    /// <summary>The resource's name.</summary>
    public static AuditRecordField ResourceName { get; } = Define(new(nameof(ResourceName), "Resource.Name", "resource_name", AuditRecordFieldKind.Text)
    {
        IsNullable = true, IsSearched = true, HashPosition = 12, ExportPosition = 12, ExportHeader = "Resource", TextOf = record => record.Resource?.Name,
    });

    /// <summary>The description.</summary>
    public static AuditRecordField Description { get; } = Define(new(nameof(Description), nameof(AuditRecord.Description), "description", AuditRecordFieldKind.Text)
    {
        IsNullable = true, IsSearched = true, HashPosition = 13, ExportPosition = 13, ExportHeader = "Details", TextOf = record => record.Description,
    });

    /// <summary>The changes (their field names and values are searched).</summary>
    public static AuditRecordField Changes { get; } = Define(new(nameof(Changes), nameof(AuditRecord.Changes), "changes", AuditRecordFieldKind.Changes)
    {
        IsSearched = true, HashPosition = 14, ExportPosition = 14, ExportHeader = "Changes",
    });

    /// <summary>The caller's IP address or its pseudonym.</summary>
    public static AuditRecordField SourceIp { get; } = Define(new(nameof(SourceIp), nameof(AuditRecord.SourceIp), "source_ip", AuditRecordFieldKind.Text)
    {
        IsNullable = true, IsSearched = true, HashPosition = 15, ExportPosition = 15, ExportHeader = "IP Address", TextOf = record => record.SourceIp,
    });

    /// <summary>The caller's user agent.</summary>
    public static AuditRecordField UserAgent { get; } = Define(new(nameof(UserAgent), nameof(AuditRecord.UserAgent), "user_agent", AuditRecordFieldKind.Text)
    {
        IsNullable = true, HashPosition = 16, ExportPosition = 16, ExportHeader = "User Agent", TextOf = record => record.UserAgent,
    });

    /// <summary>The correlation id.</summary>
    public static AuditRecordField CorrelationId { get; } = Define(new(nameof(CorrelationId), nameof(AuditRecord.CorrelationId), "correlation_id", AuditRecordFieldKind.Text)
    {
        IsNullable = true, HashPosition = 17, ExportPosition = 17, ExportHeader = "Correlation Id", TextOf = record => record.CorrelationId,
    });

    /// <summary>The tenant id.</summary>
    public static AuditRecordField TenantId { get; } = Define(new(nameof(TenantId), nameof(AuditRecord.TenantId), "tenant_id", AuditRecordFieldKind.Text)
    {
        IsNullable = true, HashPosition = 18, ExportPosition = 18, ExportHeader = "Tenant", TextOf = record => record.TenantId,
    });

    /// <summary>The metadata.</summary>
    public static AuditRecordField Metadata { get; } = Define(new(nameof(Metadata), nameof(AuditRecord.Metadata), "metadata", AuditRecordFieldKind.Metadata)
    {
        HashPosition = 19, ExportPosition = 19, ExportHeader = "Metadata",
    });

    /// <summary>The id of the user the action was done to (<see cref="AuditRecord.TargetUser"/>); <see langword="null"/> when there is none.</summary>
    public static AuditRecordField TargetUserId { get; } = Define(new(nameof(TargetUserId), "TargetUser.Id", "target_user_id", AuditRecordFieldKind.Text)
    {
        IsNullable = true, IsSearched = true, HashPosition = 20, HashVersion = 2, ExportPosition = 20, ExportHeader = "Target User Id", TextOf = record => record.TargetUser?.Id,
    });

    /// <summary>The display name of the user the action was done to.</summary>
    public static AuditRecordField TargetUserName { get; } = Define(new(nameof(TargetUserName), "TargetUser.DisplayName", "target_user_name", AuditRecordFieldKind.Text)
    {
        IsNullable = true, IsSearched = true, HashPosition = 21, HashVersion = 2, ExportPosition = 21, ExportHeader = "Target User", TextOf = record => record.TargetUser?.DisplayName,
    });

    /// <summary>
    /// The source IP's text as the hash chain covers it, on rows a migration rewrote into the canonical form: hashed in
    /// the place of <see cref="SourceIp"/> when not null (<see cref="AuditRecordField.HashedInPlaceOf"/>), never
    /// exported nor searched.
    /// </summary>
    public static AuditRecordField SourceIpAsHashed { get; } = Define(new(nameof(SourceIpAsHashed), nameof(AuditRecord.SourceIpAsHashed), "source_ip_as_hashed", AuditRecordFieldKind.Text)
    {
        IsNullable = true, HashedInPlaceOf = SourceIp, TextOf = record => record.SourceIpAsHashed,
    });

    /// <summary>Every stored field, in the order of the stored columns.</summary>
    public static IReadOnlyList<AuditRecordField> Stored { get; } = Defined.AsReadOnly();

    /// <summary>Every hashed field, in the order of the hash chain's canonical encoding (a version writes those of its <see cref="AuditRecordField.HashVersion"/> or earlier).</summary>
    public static IReadOnlyList<AuditRecordField> Hashed { get; } = [.. Defined.Where(field => field.IsHashed).OrderBy(field => field.HashPosition)];

    /// <summary>Every exported field, in the order of the CSV export's columns.</summary>
    public static IReadOnlyList<AuditRecordField> Exported { get; } = [.. Defined.Where(field => field.IsExported).OrderBy(field => field.ExportPosition)];

    /// <summary>The fields <see cref="AuditFilter.Search"/> looks into, in stored order: text columns and the changes.</summary>
    public static IReadOnlyList<AuditRecordField> Searched { get; } = [.. Defined.Where(field => field.IsSearched)];

    /// <summary>
    /// The fields of a summary (<see cref="IAuditSummaryStore"/>): id, times, actor, action, outcome, resource, source
    /// IP, tenant and target user, in stored order; not the free text, the changes, the metadata, the user agent or the
    /// correlation id.
    /// </summary>
    public static IReadOnlyList<AuditRecordField> Summary { get; } =
    [
        Id, OccurredAt, RecordedAt, ActorId, ActorName, ActorType, Action, ActionType, Outcome,
        ResourceType, ResourceId, ResourceName, SourceIp, TenantId, TargetUserId, TargetUserName,
    ];

    private static readonly FrozenDictionary<string, AuditRecordField> ByColumn =
        Defined.ToFrozenDictionary(field => field.Column, StringComparer.OrdinalIgnoreCase);

    /// <summary>The field stored in <paramref name="column"/> (compared ignoring case, as SQL names are), if any.</summary>
    /// <param name="column">A column name.</param>
    /// <param name="field">The field, when found.</param>
    /// <returns>Whether a field is stored there.</returns>
    public static bool TryFindByColumn(string column, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AuditRecordField? field) =>
        ByColumn.TryGetValue(column, out field);

    private static AuditRecordField Define(AuditRecordField field)
    {
        field.Position = Defined.Count;
        Defined.Add(field);
        if (field.HashedInPlaceOf is { } replaced)
        {
            replaced.HashedAs = field;
        }

        return field;
    }
}
