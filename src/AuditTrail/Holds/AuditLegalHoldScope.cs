namespace AuditTrail;

/// <summary>
/// What a legal hold keeps: the records of a tenant, of an actor and/or that occurred in a time range. Every part
/// that is set must match (a hold on a tenant and a range keeps that tenant's records in the range); at least one is set.
/// </summary>
public sealed record AuditLegalHoldScope
{
    /// <summary>Only records of this tenant (<see cref="AuditRecord.TenantId"/>, ordinal), or any tenant when <see langword="null"/>.</summary>
    public string? TenantId { get; init; }

    /// <summary>Only records of this actor (<see cref="AuditActor.Id"/>, ordinal), or any actor when <see langword="null"/>.</summary>
    public string? ActorId { get; init; }

    /// <summary>Only records that occurred at or after this instant (inclusive), or no lower bound when <see langword="null"/>.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records that occurred before this instant (exclusive), or no upper bound when <see langword="null"/>.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Whether <paramref name="record"/> is in this scope.</summary>
    /// <param name="record">The record.</param>
    /// <returns><see langword="true"/> when every part of the scope that is set matches the record.</returns>
    public bool Covers(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return (TenantId is null || string.Equals(TenantId, record.TenantId, StringComparison.Ordinal))
            && (ActorId is null || string.Equals(ActorId, record.Actor.Id, StringComparison.Ordinal))
            && (From is null || record.OccurredAt >= From.Value)
            && (Until is null || record.OccurredAt < Until.Value);
    }

    /// <summary>The same scope as an <see cref="AuditFilter"/> (tenant, actor and time range), for reads and counts of the held records.</summary>
    /// <returns>The filter.</returns>
    public AuditFilter ToFilter() => new()
    {
        TenantId = TenantId,
        ActorIds = ActorId is null ? [] : [ActorId],
        From = From,
        To = Until,
    };
}
