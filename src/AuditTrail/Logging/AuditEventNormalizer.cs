using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// Turns what the host logged into what is stored: fills empty fields from the ambient context, assigns
/// the id and times, bounds every text, repairs ill-formed UTF-16, redacts sensitive values, writes
/// the source IP in its canonical form (<see cref="AuditIpAddress"/>) and then pseudonymises it. The one place where these rules live.
/// </summary>
internal sealed class AuditEventNormalizer(IOptions<AuditTrailOptions> options, AuditClockWatch clock, IAuditSourceIpPseudonymizer sourceIps)
{
    private const string EventParameter = "auditEvent";

    private readonly SensitiveNames _sensitiveNames = new(options.Value.SensitiveNames);

    public AuditRecord Normalize(AuditEvent auditEvent, AuditContext? context)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        if (string.IsNullOrWhiteSpace(auditEvent.Action))
        {
            throw new ArgumentException("The event's Action code is required, for example \"server.updated\".", nameof(auditEvent));
        }

        if (!Enum.IsDefined(auditEvent.ActionType))
        {
            throw new ArgumentException($"The event's ActionType {(int)auditEvent.ActionType} is not a defined AuditActionType.", nameof(auditEvent));
        }

        if (!Enum.IsDefined(auditEvent.Outcome))
        {
            throw new ArgumentException($"The event's Outcome {(int)auditEvent.Outcome} is not a defined AuditOutcome.", nameof(auditEvent));
        }

        if (auditEvent.Id == Guid.Empty)
        {
            throw new ArgumentException("The event's Id is Guid.Empty; leave it null to get a new id, or set a unique one to make a retried call idempotent.", nameof(auditEvent));
        }

        var now = ToStoredPrecision(clock.GetUtcNow());
        var occurredAt = auditEvent.OccurredAt is { } given ? ToStoredPrecision(given) : now;
        var changes = NormalizeChanges(auditEvent.Changes, out var droppedChanges);

        // An event the host records as the System (ApiKeyExpiredAsync) inside someone's request is not done from
        // their address or browser: as in a System scope, it takes no IP or user agent from the ambient context.
        var ambientClient = auditEvent.Actor?.Type == AuditActorType.System && context?.Actor?.Type != AuditActorType.System ? null : context;
        var metadata = NormalizeMetadata(auditEvent.Metadata, droppedChanges);

        return new AuditRecord
        {
            Id = auditEvent.Id ?? Guid.CreateVersion7(now),
            OccurredAt = occurredAt,
            RecordedAt = now,
            Actor = NormalizeActor(auditEvent.Actor ?? context?.Actor ?? AuditActor.Anonymous),
            Action = BoundedText.Normalize(auditEvent.Action.Trim(), AuditLimits.Action)!,
            ActionType = auditEvent.ActionType,
            Outcome = auditEvent.Outcome,
            FailureReason = BoundedText.Normalize(auditEvent.FailureReason, AuditLimits.FailureReason),
            Resource = NormalizeResource(auditEvent.Resource),
            TargetUser = NormalizeTargetUser(auditEvent.TargetUser),
            Description = BoundedText.Normalize(auditEvent.Description ?? AuditDescriptions.Describe(changes), AuditLimits.Description),
            Changes = changes,
            SourceIp = sourceIps.Pseudonymize(BoundedText.Normalize(AuditIpAddress.Canonicalize(auditEvent.SourceIp ?? ambientClient?.SourceIp), AuditLimits.SourceIp)),
            UserAgent = BoundedText.Normalize(auditEvent.UserAgent ?? ambientClient?.UserAgent, AuditLimits.UserAgent),
            CorrelationId = BoundedText.Normalize(auditEvent.CorrelationId ?? context?.CorrelationId ?? CurrentTraceId(), AuditLimits.CorrelationId),
            TenantId = BoundedText.Normalize(auditEvent.TenantId ?? context?.TenantId, AuditLimits.TenantId),
            Metadata = metadata,
        };
    }

    /// <summary>Stores keep microseconds (PostgreSQL's precision), so every store round-trips the same instant.</summary>
    internal static DateTimeOffset ToStoredPrecision(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    private static string? CurrentTraceId()
    {
        var activity = Activity.Current;
        return activity is null || activity.TraceId == default ? null : activity.TraceId.ToHexString();
    }

    private static AuditActor NormalizeActor(AuditActor actor)
    {
        if (string.IsNullOrWhiteSpace(actor.Id))
        {
            throw Errors.Argument(EventParameter, "The event's Actor.Id is required; use AuditActor.Anonymous for an unauthenticated caller.");
        }

        if (!Enum.IsDefined(actor.Type))
        {
            throw Errors.Argument(EventParameter, $"The event's Actor.Type {(int)actor.Type} is not a defined AuditActorType.");
        }

        return new AuditActor(
            BoundedText.Normalize(actor.Id, AuditLimits.ActorId)!,
            BoundedText.Normalize(actor.DisplayName, AuditLimits.ActorName),
            actor.Type);
    }

    /// <summary>Bounded as an actor is: the target's id is compared with the viewer's id, as the actor's is.</summary>
    private static AuditTargetUser? NormalizeTargetUser(AuditTargetUser? target)
    {
        if (target is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(target.Id))
        {
            throw Errors.Argument(EventParameter, "The event's TargetUser.Id is required when a target user is given.");
        }

        return new AuditTargetUser(
            BoundedText.Normalize(target.Id, AuditLimits.ActorId)!,
            BoundedText.Normalize(target.DisplayName, AuditLimits.ActorName));
    }

    private static AuditResource? NormalizeResource(AuditResource? resource)
    {
        if (resource is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(resource.Type))
        {
            throw Errors.Argument(EventParameter, "The event's Resource.Type is required when a resource is given, for example \"server\".");
        }

        return new AuditResource(
            BoundedText.Normalize(resource.Type, AuditLimits.ResourceType)!,
            BoundedText.Normalize(resource.Id, AuditLimits.ResourceId),
            BoundedText.Normalize(resource.Name, AuditLimits.ResourceName));
    }

    private List<AuditFieldChange> NormalizeChanges(IReadOnlyList<AuditFieldChange>? changes, out int dropped)
    {
        dropped = 0;
        var result = new List<AuditFieldChange>();
        if (changes is null)
        {
            return result;
        }

        foreach (var change in changes)
        {
            if (change is null)
            {
                continue;
            }

            if (result.Count == AuditLimits.ChangesPerEvent)
            {
                dropped++;
                continue;
            }

            var field = BoundedText.Normalize(change.Field ?? string.Empty, AuditLimits.Key)!;
            result.Add(IsSensitive(change.Field, field)
                ? new AuditFieldChange(field, Redact(change.OldValue), Redact(change.NewValue))
                : new AuditFieldChange(field, BoundedText.Normalize(RedactNested(change.OldValue), AuditLimits.Value), BoundedText.Normalize(RedactNested(change.NewValue), AuditLimits.Value)));
        }

        return result;
    }

    private SortedDictionary<string, string> NormalizeMetadata(IReadOnlyDictionary<string, string>? metadata, int droppedChanges)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var dropped = 0;
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                if (result.Count == AuditLimits.MetadataEntries)
                {
                    dropped++;
                    continue;
                }

                // Two keys that become one once bounded or repaired keep the first (in ordinal order); the other is dropped and counted.
                var name = BoundedText.Normalize(key ?? string.Empty, AuditLimits.Key)!;
                if (result.ContainsKey(name))
                {
                    dropped++;
                    continue;
                }

                result[name] = IsSensitive(key, name)
                    ? AuditFieldChange.Redacted
                    : BoundedText.Normalize(RedactNested(value) ?? string.Empty, AuditLimits.Value)!;
            }
        }

        // The library's counts take the place of a logged entry of the same name, which is then dropped and counted too.
        if (droppedChanges > 0 && result.Remove("changes_truncated"))
        {
            dropped++;
        }

        if (dropped > 0 && result.Remove("metadata_truncated"))
        {
            dropped++;
        }

        if (dropped > 0)
        {
            result["metadata_truncated"] = dropped.ToString(CultureInfo.InvariantCulture);
        }

        if (droppedChanges > 0)
        {
            result["changes_truncated"] = droppedChanges.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>
    /// Whether a change's or metadata entry's name is sensitive as stored or as given: a name cut to its bound may have
    /// lost the word that makes it sensitive (<c>….client_secret</c>), and its value must not be kept for that.
    /// </summary>
    private bool IsSensitive(string? given, string stored) =>
        _sensitiveNames.IsSensitive(stored) || (given is not null && !ReferenceEquals(given, stored) && _sensitiveNames.IsSensitive(given));

    /// <summary>Sensitive names inside a value that holds JSON (a nested object, a dictionary, a JSON string of one) are redacted too.</summary>
    private string? RedactNested(string? value) => value is null ? null : SensitiveJsonRedactor.Redact(value, _sensitiveNames);

    /// <summary>A sensitive value is replaced; an absent one stays absent so the change still reads as set or cleared.</summary>
    private static string? Redact(string? value) => value is null ? null : AuditFieldChange.Redacted;
}
