using System.Globalization;
using Fields = AuditTrail.AuditRecordFields;

namespace AuditTrail.Relational;

/// <summary>Converts between <see cref="AuditRecord"/> and the column values of <see cref="AuditColumns.Data"/>, field by field of <see cref="AuditRecordFields.Stored"/>.</summary>
internal sealed class AuditRecordMapper(IAuditSqlDialect dialect)
{
    /// <summary>Validates the record at <paramref name="index"/> and returns its column values, in the order of <see cref="AuditColumns.Data"/>.</summary>
    public object?[] ToColumnValues(IReadOnlyList<AuditRecord> batch, int index)
    {
        var record = batch[index];
        if (FindProblem(record) is { } problem)
        {
            throw new ArgumentException($"The audit record at index {index} of the batch {problem}.", nameof(batch));
        }

        var values = new object?[Fields.Stored.Count];
        foreach (var field in Fields.Stored)
        {
            values[field.Position] = field.Kind switch
            {
                AuditRecordFieldKind.Id => dialect.ToDbId(field.GetId(record)),
                AuditRecordFieldKind.Time => dialect.ToDbTime(field.GetTime(record)),
                AuditRecordFieldKind.Enum => field.GetText(record),
                AuditRecordFieldKind.Changes => AuditStoredJson.FormatChanges(record.Changes, dialect.ToDbText),
                AuditRecordFieldKind.Metadata => AuditStoredJson.FormatMetadata(record.Metadata, dialect.ToDbText),
                _ => Text(field.GetText(record)),
            };
        }

        return values;
    }

    /// <summary>
    /// The record exactly as it will read back from the column values (times at the store's precision, text as the
    /// database holds it): what the hash chain must cover, so the verifier recomputes the same hash.
    /// </summary>
    public AuditRecord AsStored(object?[] values) => Map(new AuditRow(values));

    /// <summary>The record a row read from the table holds.</summary>
    /// <exception cref="AuditUnreadableRowException">The row's values are not what a store of this library writes.</exception>
    public AuditRecord ToRecord(AuditRow row)
    {
        try
        {
            return Map(row);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Mapping only parses values already read: whatever fails, the stored values are not what the store wrote.
            var which = row.Seq > 0 ? string.Create(CultureInfo.InvariantCulture, $"The audit row at sequence {row.Seq}") : "An audit row";
            throw new AuditUnreadableRowException(
                $"{which} cannot be read ({ex.GetType().Name}: {ex.Message}); the table was altered outside AuditTrail; verify the trail (audittrail verify) to find what changed.",
                ex)
            {
                Sequence = row.Seq > 0 ? row.Seq : null,
            };
        }
    }

    private AuditRecord Map(AuditRow row) => new()
    {
        Id = dialect.FromDbId(row[Fields.Id]!),
        OccurredAt = dialect.FromDbTime(row[Fields.OccurredAt]!),
        RecordedAt = dialect.FromDbTime(row[Fields.RecordedAt]!),
        Actor = new AuditActor(Text(row, Fields.ActorId)!, Text(row, Fields.ActorName), Enum<AuditActorType>(row, Fields.ActorType)),
        Action = Text(row, Fields.Action)!,
        ActionType = Enum<AuditActionType>(row, Fields.ActionType),
        Outcome = Enum<AuditOutcome>(row, Fields.Outcome),
        FailureReason = Text(row, Fields.FailureReason),
        Resource = Text(row, Fields.ResourceType) is { } resourceType
            ? new AuditResource(resourceType, Text(row, Fields.ResourceId), Text(row, Fields.ResourceName))
            : null,
        Description = Text(row, Fields.Description),
        Changes = AuditStoredJson.ParseChanges(Text(row, Fields.Changes) ?? AuditStoredJson.NoChanges),
        SourceIp = Text(row, Fields.SourceIp),
        SourceIpAsHashed = Text(row, Fields.SourceIpAsHashed),
        UserAgent = Text(row, Fields.UserAgent),
        CorrelationId = Text(row, Fields.CorrelationId),
        TenantId = Text(row, Fields.TenantId),
        Metadata = AuditStoredJson.ParseMetadata(Text(row, Fields.Metadata) ?? AuditStoredJson.NoMetadata),
        TargetUser = Text(row, Fields.TargetUserId) is { } targetUserId
            ? new AuditTargetUser(targetUserId, Text(row, Fields.TargetUserName))
            : null,
    };

    private static string? Text(AuditRow row, AuditRecordField field) => (string?)row[field];

    private static TEnum Enum<TEnum>(AuditRow row, AuditRecordField field)
        where TEnum : struct, Enum => AuditEnumNames.ParseStored<TEnum>(Text(row, field)!, field.Column);

    private string? Text(string? value) => value is null ? null : dialect.ToDbText(value);

    // Guards against values the nullable annotations forbid but a caller can still pass; stored, they could not be read back.
    private static string? FindProblem(AuditRecord? record) => record switch
    {
        null => "is null",
        { Actor: null } => "has no actor",
        { Actor.Id: null } => "has an actor without an id",
        { Action: null } => "has no action code",
        { Changes: null } => "has null changes",
        { Metadata: null } => "has null metadata",
        { Resource: { Type: null } } => "has a resource without a type",
        { SourceIpAsHashed: not null } => "has SourceIpAsHashed set, which only the schema migration of stored source IPs sets",
        { TargetUser: { Id: null } } => "has a target user without an id",
        _ when record.Changes.Any(change => change is null) => "has a null change",
        _ when !System.Enum.IsDefined(record.ActionType) => "has an undefined action type",
        _ when !System.Enum.IsDefined(record.Actor.Type) => "has an undefined actor type",
        _ when !System.Enum.IsDefined(record.Outcome) => "has an undefined outcome",
        _ => null,
    };
}
