namespace AuditTrail;

/// <summary>Validates an <see cref="AuditQuery"/> and turns it into the store's <see cref="AuditFilter"/>; errors name the property.</summary>
internal static class AuditQueryTranslator
{
    /// <summary>
    /// The filter for <paramref name="query"/>. The source IP is put in its canonical form (<see cref="AuditIpAddress"/>) and goes
    /// through <paramref name="sourceIps"/>, as the normalizer did before storing, so a filter by the real address meets the stored pseudonym.
    /// </summary>
    public static AuditFilter ToFilter(AuditQuery query, IAuditSourceIpPseudonymizer sourceIps)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.From is { } from && query.To is { } to && from > to)
        {
            throw Errors.Argument("query.From", $"query.From ({from:O}) must not be later than query.To ({to:O}).");
        }

        if (query.Search is { Length: > AuditQuery.MaxSearchLength })
        {
            throw Errors.Argument("query.Search", $"query.Search is {query.Search.Length} characters long; the most allowed is {AuditQuery.MaxSearchLength}.");
        }

        if (query.Outcome is { } outcome && !Enum.IsDefined(outcome))
        {
            throw Errors.Argument("query.Outcome", $"query.Outcome {(int)outcome} is not a defined AuditOutcome.");
        }

        return new AuditFilter
        {
            ActionTypes = ActionTypes(query.ActionTypes),
            Actions = Values(query.Actions, "query.Actions", AuditLimits.Action),
            ActorIds = Values(query.ActorIds, "query.ActorIds", AuditLimits.ActorId),
            TargetUserId = Value(query.TargetUserId, "query.TargetUserId", AuditLimits.ActorId),
            ResourceType = Value(query.ResourceType, "query.ResourceType", AuditLimits.ResourceType),
            ResourceId = Value(query.ResourceId, "query.ResourceId", AuditLimits.ResourceId),
            Outcome = query.Outcome,
            From = query.From is { } f ? UpToStoredPrecision(f) : null,
            To = query.To is { } t ? UpToStoredPrecision(t) : null,
            Search = string.IsNullOrWhiteSpace(query.Search) ? null : BoundedText.Normalize(query.Search.Trim(), AuditQuery.MaxSearchLength),
            SourceIp = sourceIps.Pseudonymize(AuditIpAddress.Canonicalize(Value(query.SourceIp, "query.SourceIp", AuditLimits.SourceIp))),
            TenantId = Value(query.TenantId, "query.TenantId", AuditLimits.TenantId),
            CorrelationId = Value(query.CorrelationId, "query.CorrelationId", AuditLimits.CorrelationId),
        };
    }

    public static int Limit(AuditQuery query) => query.Limit switch
    {
        null => AuditQuery.DefaultLimit,
        >= 1 and <= AuditQuery.MaxLimit => query.Limit.Value,
        _ => throw new ArgumentOutOfRangeException("query.Limit", query.Limit, $"query.Limit must be between 1 and {AuditQuery.MaxLimit}."),
    };

    /// <summary>
    /// A bound rounded up to the stored (microsecond) precision: a stored time, a whole microsecond, is at or after an
    /// instant exactly when it is at or after the instant rounded up, and before it exactly when before that. Rounding
    /// down instead would let <c>From</c> take in the microsecond before it and <c>To</c> leave out the one it falls in.
    /// </summary>
    private static DateTimeOffset UpToStoredPrecision(DateTimeOffset value)
    {
        var down = AuditEventNormalizer.ToStoredPrecision(value);
        return down.UtcTicks == value.UtcTicks || down.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - 10 ? down : down.AddTicks(10);
    }

    private static AuditActionType[] ActionTypes(IReadOnlyList<AuditActionType>? types)
    {
        if (types is null)
        {
            return [];
        }

        if (types.Count > AuditQuery.MaxListValues)
        {
            throw Errors.Argument("query.ActionTypes", $"query.ActionTypes has {types.Count} values; the most allowed is {AuditQuery.MaxListValues}.");
        }

        foreach (var type in types)
        {
            if (!Enum.IsDefined(type))
            {
                throw Errors.Argument("query.ActionTypes", $"query.ActionTypes holds {(int)type}, which is not a defined AuditActionType.");
            }
        }

        return [.. types.Distinct().Order()];
    }

    private static string[] Values(IReadOnlyList<string>? values, string name, int maxLength)
    {
        if (values is null)
        {
            return [];
        }

        if (values.Count > AuditQuery.MaxListValues)
        {
            throw Errors.Argument(name, $"{name} has {values.Count} values; the most allowed is {AuditQuery.MaxListValues}.");
        }

        return [.. values.Select(v => Value(v, name, maxLength) ?? throw Errors.Argument(name, $"{name} holds an empty value."))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>A filter value longer than anything stored can match nothing, so it is an error rather than a silent miss.</summary>
    private static string? Value(string? value, string name, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            throw Errors.Argument(name, $"{name} is {value.Length} characters long; stored values are at most {maxLength}.");
        }

        return BoundedText.Normalize(value, maxLength);
    }
}
