namespace AuditTrail.Relational;

/// <summary>
/// The column names of the audit table every relational store shares. Dialects use them in their DDL;
/// the shared SQL in <see cref="RelationalAuditStore"/> reads and writes them.
/// </summary>
/// <remarks>
/// The names of the record's columns are those of <see cref="AuditRecordFields"/> (a test holds every constant here to
/// its field's <see cref="AuditRecordField.Column"/>); <see cref="Seq"/> and <see cref="Hash"/> are the store's own.
/// Times are stored in whatever type the dialect chooses (<see cref="IAuditSqlDialect.ToDbTime"/>); ids in an
/// encoding that orders as their lowercase "D" text (<see cref="IAuditSqlDialect.ToDbId"/>; that text by default)
/// so that ordering by id matches the <see cref="IAuditStore"/> order contract;
/// enums as their names; <see cref="Changes"/> and <see cref="Metadata"/> in the form of <see cref="AuditStoredJson"/>.
/// </remarks>
public static class AuditColumns
{
    /// <summary>An increasing integer assigned by the database on insert (the SQLite rowid alias); never reused.</summary>
    public const string Seq = "seq";

    /// <summary>The event id, unique, encoded by <see cref="IAuditSqlDialect.ToDbId"/> (lowercase "D" text by default).</summary>
    public const string Id = "id";

    /// <summary>When the action happened, UTC.</summary>
    public const string OccurredAt = "occurred_at";

    /// <summary>When the pipeline accepted the event, UTC.</summary>
    public const string RecordedAt = "recorded_at";

    /// <summary>The actor's id.</summary>
    public const string ActorId = "actor_id";

    /// <summary>The actor's display name, nullable.</summary>
    public const string ActorName = "actor_name";

    /// <summary>The actor's <see cref="AuditActorType"/> name.</summary>
    public const string ActorType = "actor_type";

    /// <summary>The action code.</summary>
    public const string Action = "action";

    /// <summary>The <see cref="AuditActionType"/> name.</summary>
    public const string ActionType = "action_type";

    /// <summary>The <see cref="AuditOutcome"/> name.</summary>
    public const string Outcome = "outcome";

    /// <summary>Why the action failed, nullable.</summary>
    public const string FailureReason = "failure_reason";

    /// <summary>The resource type; <see langword="null"/> when the record has no resource.</summary>
    public const string ResourceType = "resource_type";

    /// <summary>The resource id, nullable.</summary>
    public const string ResourceId = "resource_id";

    /// <summary>The resource name, nullable.</summary>
    public const string ResourceName = "resource_name";

    /// <summary>The description, nullable.</summary>
    public const string Description = "description";

    /// <summary>The changes, a JSON array of <c>{"field": ..., "old": ..., "new": ...}</c> objects (never null).</summary>
    public const string Changes = "changes";

    /// <summary>The property of a change object in <see cref="Changes"/> that holds the field name.</summary>
    public const string ChangeField = AuditStoredJson.ChangeFieldName;

    /// <summary>The property of a change object in <see cref="Changes"/> that holds the old value (null when none).</summary>
    public const string ChangeOldValue = AuditStoredJson.ChangeOldValueName;

    /// <summary>The property of a change object in <see cref="Changes"/> that holds the new value (null when none).</summary>
    public const string ChangeNewValue = AuditStoredJson.ChangeNewValueName;

    /// <summary>The source IP, nullable.</summary>
    public const string SourceIp = "source_ip";

    /// <summary>
    /// The source IP's text as the hash chain covers it, on a row whose <see cref="SourceIp"/> the schema migration
    /// <see cref="AuditSchemaMigration.CanonicalSourceIps"/> rewrote into its canonical form; <see langword="null"/> on
    /// every other row (<see cref="AuditRecordFields.SourceIpAsHashed"/>).
    /// </summary>
    public const string SourceIpAsHashed = "source_ip_as_hashed";

    /// <summary>The user agent, nullable.</summary>
    public const string UserAgent = "user_agent";

    /// <summary>The correlation id, nullable.</summary>
    public const string CorrelationId = "correlation_id";

    /// <summary>The tenant id, nullable.</summary>
    public const string TenantId = "tenant_id";

    /// <summary>The metadata, a JSON object of string values (never null).</summary>
    public const string Metadata = "metadata";

    /// <summary>The id of the user the action was done to (<see cref="AuditRecord.TargetUser"/>), nullable.</summary>
    public const string TargetUserId = "target_user_id";

    /// <summary>The display name of the user the action was done to, nullable.</summary>
    public const string TargetUserName = "target_user_name";

    /// <summary>The 32-byte hash-chain link of the row: SHA-256 of the previous row's hash and this row's canonical form (see <see cref="AuditChain"/>).</summary>
    public const string Hash = "hash";

    /// <summary>
    /// Why the row is a tombstone (the retention rule that expired it, such as <c>retention:Rules[1]</c>), or
    /// <see langword="null"/> for a whole row: the row's content was removed and its hash kept (docs/integrity.md).
    /// </summary>
    public const string Tombstone = "tombstone";

    /// <summary>The SHA-256 of a tombstone's original canonical bytes (as hashed), or <see langword="null"/> for a whole row.</summary>
    public const string ContentDigest = "content_digest";

    /// <summary>The columns that hold the record itself, in a fixed order: each <see cref="AuditRecordFields.Stored"/> field's <see cref="AuditRecordField.Column"/>.</summary>
    public static IReadOnlyList<string> Data { get; } = [.. AuditRecordFields.Stored.Select(field => field.Column)];

    /// <summary>
    /// The columns <see cref="AuditFilter.Search"/> compares as text (each searched field but the changes, whose JSON
    /// a dialect searches by its field names and values).
    /// </summary>
    public static IReadOnlyList<string> SearchedText { get; } =
        [.. AuditRecordFields.Searched.Where(field => field.Kind == AuditRecordFieldKind.Text).Select(field => field.Column)];

    /// <summary>Every column the store writes on insert, in a fixed order: <see cref="Seq"/>, the <see cref="Data"/> columns, <see cref="Hash"/>.</summary>
    public static IReadOnlyList<string> Inserted { get; } = [Seq, .. Data, Hash];
}
