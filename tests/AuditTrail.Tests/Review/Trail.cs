using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Tests.Review;

/// <summary>Builds records for the review tests, one clock for all, and the review over them.</summary>
public sealed class Trail
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset LastIdTime = DateTimeOffset.MaxValue.AddDays(-1);

    private int _sequence;

    public ReviewStore Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(Monday.AddDays(14));

    public AuditReviewOptions Options { get; } = new();

    public AuditTrailOptions TrailOptions { get; } = new();

    public static AuditActor User(string id) => AuditActor.User(id, id);

    public AuditRecord Add(AuditRecord record)
    {
        Store.Add(record);
        return record;
    }

    public AuditRecord Record(
        DateTimeOffset at,
        AuditActor actor,
        string action,
        AuditActionType type,
        AuditOutcome outcome = AuditOutcome.Success,
        string? ip = "203.0.113.7",
        string? userAgent = null,
        string? tenant = null,
        AuditResource? resource = null,
        AuditTargetUser? target = null,
        IReadOnlyList<AuditFieldChange>? changes = null,
        Dictionary<string, string>? metadata = null) => Add(new AuditRecord
        {
            // A version 7 id holds no time before 1970: records dated earlier (an import's) get one of 1970, and the
            // ticks added must not pass the calendar's end.
            Id = Guid.CreateVersion7((at < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : at > LastIdTime ? LastIdTime : at).AddTicks(Interlocked.Increment(ref _sequence))),
            OccurredAt = at,
            RecordedAt = at,
            Actor = actor,
            Action = action,
            ActionType = type,
            Outcome = outcome,
            SourceIp = ip,
            UserAgent = userAgent,
            TenantId = tenant,
            Resource = resource,
            TargetUser = target,
            Changes = changes ?? [],
            Metadata = metadata is null ? AuditRecord.EmptyMetadata : new SortedDictionary<string, string>(metadata, StringComparer.Ordinal),
        });

    public AuditRecord LoginFailed(DateTimeOffset at, string userName, string ip = "203.0.113.7", string? tenant = null) =>
        Record(at, AuditActor.Anonymous, AuditActions.LoginFailed, AuditActionType.Authentication, AuditOutcome.Failure, ip, tenant: tenant,
            resource: new AuditResource("user", null, userName), metadata: new() { ["attempted_user"] = userName });

    public AuditRecord LoginSucceeded(DateTimeOffset at, string userId, string ip = "203.0.113.7", string? userAgent = Chrome, string? tenant = null) =>
        Record(at, User(userId), AuditActions.LoginSucceeded, AuditActionType.Authentication, ip: ip, userAgent: userAgent, tenant: tenant,
            resource: new AuditResource("user", userId, userId));

    public AuditRecord Change(DateTimeOffset at, string actorId, AuditActionType type = AuditActionType.Update, string? tenant = null) =>
        Record(at, User(actorId), "server." + type.ToString().ToLowerInvariant() + "d", type, tenant: tenant, resource: new AuditResource("server", "srv-1", "web-01"));

    public AuditRecord RoleChanged(DateTimeOffset at, string actorId, string userId, string? oldRole, string? newRole) =>
        Record(at, User(actorId), AuditActions.RoleChanged, AuditActionType.Security, resource: new AuditResource("user", userId, userId),
            target: new AuditTargetUser(userId, userId), changes: [new AuditFieldChange("role", oldRole, newRole)]);

    public AuditRecord Security(DateTimeOffset at, string actorId, string action, string userId) =>
        Record(at, User(actorId), action, AuditActionType.Security, resource: new AuditResource("user", userId, userId), target: new AuditTargetUser(userId, userId));

    public AuditRecord System(DateTimeOffset at, string action, AuditOutcome outcome = AuditOutcome.Success, Dictionary<string, string>? metadata = null) =>
        Record(at, AuditActor.System, action, AuditActionType.Security, outcome, ip: null, metadata: metadata);

    public AuditRecord Purged(DateTimeOffset at, DateTimeOffset cutoff) =>
        System(at, AuditActions.AuditPurged, metadata: new()
        {
            ["purged_count"] = "500",
            ["cutoff"] = cutoff.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        });

    public const string Chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36";

    public const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";

    public IAuditReview Review(IAuditGeoLocator? geo = null) =>
        new AuditReview(Store, Microsoft.Extensions.Options.Options.Create(Options), Microsoft.Extensions.Options.Options.Create(TrailOptions), Time, geo);

    public Task<AuditReviewReport> ReviewAsync(DateTimeOffset from, DateTimeOffset to, AuditViewer? viewer = null, IAuditGeoLocator? geo = null) =>
        Review(geo).ReviewAsync(viewer ?? AuditViewer.Admin("u-admin"), from, to);

    /// <summary>The week under review: Monday 16 to Monday 23 November 2026.</summary>
    public Task<AuditReviewReport> ReviewWeekAsync(AuditViewer? viewer = null, IAuditGeoLocator? geo = null) =>
        ReviewAsync(Monday, Monday.AddDays(7), viewer, geo);

    /// <summary>The continuous review's clock: the end of the week under review, as if the records arrived as they occurred.</summary>
    public FakeTimeProvider AlertTime { get; } = new(Monday.AddDays(7));

    internal AuditReviewAlertConsumer Alerts(params IAuditAlertSink[] sinks) =>
        new(
            Store,
            sinks,
            Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(TrailOptions),
            AlertTime,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<AuditReviewAlertConsumer>.Instance);

    /// <summary>The records from <paramref name="from"/> on, as the feed hands them over: in sequence order.</summary>
    public IReadOnlyList<AuditFeedEntry> Feed(DateTimeOffset from) =>
        [.. Store.Records.Select((r, i) => new AuditFeedEntry(i + 1, r)).Where(e => e.Record.OccurredAt >= from)];
}
