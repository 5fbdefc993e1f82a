using System.Collections.Frozen;
using System.Globalization;

namespace AuditTrail.Relational.Internal;

/// <summary>Converts between <see cref="AuditRecord"/> and the column values of <see cref="AuditColumns.Inserted"/>.</summary>
internal sealed class AuditRecordMapper(IAuditSqlDialect dialect)
{
    public static string FormatEnum<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString();

    public static TEnum ParseEnum<TEnum>(string text, string column)
        where TEnum : struct, Enum
    {
        // Names only: a number or an unknown name means the row was not written by this store.
        if (EnumNames<TEnum>.Values.TryGetValue(text, out var value))
        {
            return value;
        }

        throw new InvalidDataException($"The audit column '{column}' holds '{text}', which is not an {typeof(TEnum).Name} name.");
    }

    /// <summary>Validates the record at <paramref name="index"/> and returns its column values, in the order of <see cref="AuditColumns.Data"/>.</summary>
    public object?[] ToColumnValues(IReadOnlyList<AuditRecord> batch, int index)
    {
        var record = batch[index];
        if (FindProblem(record) is { } problem)
        {
            throw new ArgumentException($"The audit record at index {index} of the batch {problem}.", nameof(batch));
        }

        return
        [
            dialect.ToDbId(record.Id),
            dialect.ToDbTime(record.OccurredAt),
            dialect.ToDbTime(record.RecordedAt),
            Text(record.Actor.Id),
            Text(record.Actor.DisplayName),
            FormatEnum(record.Actor.Type),
            Text(record.Action),
            FormatEnum(record.ActionType),
            FormatEnum(record.Outcome),
            Text(record.FailureReason),
            Text(record.Resource?.Type),
            Text(record.Resource?.Id),
            Text(record.Resource?.Name),
            Text(record.Description),
            AuditJson.WriteChanges(record.Changes, dialect.ToDbText),
            Text(record.SourceIp),
            Text(record.UserAgent),
            Text(record.CorrelationId),
            Text(record.TenantId),
            AuditJson.WriteMetadata(record.Metadata, dialect.ToDbText),
        ];
    }

    /// <summary>
    /// The record exactly as it will read back from the column values (times at the store's precision, text as the
    /// database holds it): what the hash chain must cover, so the verifier recomputes the same hash.
    /// </summary>
    public AuditRecord AsStored(object?[] values) => ToRecord(new AuditRow
    {
        Id = values[0]!,
        OccurredAt = values[1]!,
        RecordedAt = values[2]!,
        ActorId = (string)values[3]!,
        ActorName = (string?)values[4],
        ActorType = (string)values[5]!,
        Action = (string)values[6]!,
        ActionType = (string)values[7]!,
        Outcome = (string)values[8]!,
        FailureReason = (string?)values[9],
        ResourceType = (string?)values[10],
        ResourceId = (string?)values[11],
        ResourceName = (string?)values[12],
        Description = (string?)values[13],
        Changes = (string)values[14]!,
        SourceIp = (string?)values[15],
        UserAgent = (string?)values[16],
        CorrelationId = (string?)values[17],
        TenantId = (string?)values[18],
        Metadata = (string)values[19]!,
    });

    public AuditRecord ToRecord(AuditRow row) => new()
    {
        Id = dialect.FromDbId(row.Id),
        OccurredAt = dialect.FromDbTime(row.OccurredAt),
        RecordedAt = dialect.FromDbTime(row.RecordedAt),
        Actor = new AuditActor(row.ActorId, row.ActorName, ParseEnum<AuditActorType>(row.ActorType, AuditColumns.ActorType)),
        Action = row.Action,
        ActionType = ParseEnum<AuditActionType>(row.ActionType, AuditColumns.ActionType),
        Outcome = ParseEnum<AuditOutcome>(row.Outcome, AuditColumns.Outcome),
        FailureReason = row.FailureReason,
        Resource = row.ResourceType is null ? null : new AuditResource(row.ResourceType, row.ResourceId, row.ResourceName),
        Description = row.Description,
        Changes = AuditJson.ReadChanges(row.Changes),
        SourceIp = row.SourceIp,
        UserAgent = row.UserAgent,
        CorrelationId = row.CorrelationId,
        TenantId = row.TenantId,
        Metadata = AuditJson.ReadMetadata(row.Metadata),
    };

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
        _ when record.Changes.Any(change => change is null) => "has a null change",
        _ when !Enum.IsDefined(record.ActionType) => "has an undefined action type",
        _ when !Enum.IsDefined(record.Actor.Type) => "has an undefined actor type",
        _ when !Enum.IsDefined(record.Outcome) => "has an undefined outcome",
        _ => null,
    };

    /// <summary>The defined names of an enum, looked up ordinally (faster than Enum.TryParse on every row read).</summary>
    private static class EnumNames<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly FrozenDictionary<string, TEnum> Values =
            Enum.GetValues<TEnum>().ToFrozenDictionary(value => value.ToString(), StringComparer.Ordinal);
    }
}
