namespace AuditTrail;

/// <summary>
/// <see cref="IAuditLegalHolds"/> over the store's <see cref="IAuditLegalHoldStore"/> (or one the host registered).
/// Without one there are no holds: listing finds none, nothing is held, and placing a hold fails with a message.
/// </summary>
internal sealed class AuditLegalHolds(
    IAuditStore store,
    IAuditLogger auditLogger,
    TimeProvider timeProvider,
    IAuditLegalHoldStore? registered = null) : IAuditLegalHolds
{
    private readonly IAuditLegalHoldStore? _holds = registered ?? store as IAuditLegalHoldStore;

    /// <summary>The clock's time in whole microseconds, as the trail keeps times: the hold returned equals the one listed later.</summary>
    private DateTimeOffset Now()
    {
        var now = timeProvider.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
    }

    public async Task<AuditLegalHold> PlaceAsync(AuditLegalHoldScope scope, string reason, AuditActor placedBy, CancellationToken cancellationToken = default)
    {
        AuditLegalHoldValidation.ThrowIfInvalid(scope, reason, placedBy);
        var holds = RequireStore();
        var hold = new AuditLegalHold
        {
            Id = Guid.CreateVersion7(timeProvider.GetUtcNow()),
            Scope = scope,
            Reason = reason.Trim(),
            PlacedBy = placedBy.Id,
            PlacedAt = Now(),
        };
        await holds.AddHoldAsync(hold, cancellationToken).ConfigureAwait(false);
        await auditLogger.LogAsync(AuditLegalHoldEvents.Placed(hold, placedBy), cancellationToken).ConfigureAwait(false);
        return hold;
    }

    public async Task<AuditLegalHold?> ReleaseAsync(Guid id, AuditActor releasedBy, CancellationToken cancellationToken = default)
    {
        AuditLegalHoldValidation.ThrowIfInvalid(releasedBy, nameof(releasedBy));
        var holds = RequireStore();
        var released = await holds.ReleaseHoldAsync(id, releasedBy.Id, Now(), cancellationToken).ConfigureAwait(false);
        var hold = (await holds.GetHoldsAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(h => h.Id == id);
        if (released && hold is not null)
        {
            await auditLogger.LogAsync(AuditLegalHoldEvents.Released(hold, releasedBy), cancellationToken).ConfigureAwait(false);
        }

        return hold;
    }

    public async Task<IReadOnlyList<AuditLegalHold>> ListAsync(string? tenantId, bool includeReleased, CancellationToken cancellationToken = default)
    {
        if (_holds is null)
        {
            return [];
        }

        var all = await _holds.GetHoldsAsync(cancellationToken).ConfigureAwait(false);
        return all
            .Where(hold => (includeReleased || hold.IsActive) && (tenantId is null || string.Equals(hold.Scope.TenantId, tenantId, StringComparison.Ordinal)))
            .ToList();
    }

    public async Task<bool> IsHeldAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        var active = await ListAsync(tenantId: null, includeReleased: false, cancellationToken).ConfigureAwait(false);
        return active.Any(hold => hold.Scope.Covers(record));
    }

    public async Task<DateTimeOffset> LimitCutoffAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        if (_holds is null)
        {
            return cutoff;
        }

        var limit = cutoff;
        foreach (var hold in await ListAsync(tenantId: null, includeReleased: false, cancellationToken).ConfigureAwait(false))
        {
            // Only held records before the current limit can move it back; the store finds the earliest by an index seek.
            var until = hold.Scope.Until is { } end && end < limit ? end : limit;
            if (hold.Scope.From is { } from && from >= until)
            {
                continue;
            }

            var oldest = await _holds.GetOldestOccurredAtAsync(hold.Scope with { Until = until }, cancellationToken).ConfigureAwait(false);
            if (oldest is { } first && first < limit)
            {
                limit = first;
            }
        }

        return limit;
    }

    private IAuditLegalHoldStore RequireStore() => _holds ?? throw new InvalidOperationException(
        $"Legal holds are kept in the store, but {store.GetType().Name} does not implement IAuditLegalHoldStore; " +
        "use a store that does (SQLite, PostgreSQL, SQL Server) or register an IAuditLegalHoldStore service.");
}
