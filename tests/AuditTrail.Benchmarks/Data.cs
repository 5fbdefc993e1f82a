using System.Globalization;
using System.Text.Json;

namespace AuditTrail.Benchmarks;

/// <summary>
/// Deterministic, realistic events (the product page's mix: logins, server changes, security changes) and
/// their stored column values, encoded the way the SQLite store encodes them, for the raw baselines.
/// </summary>
internal static class Data
{
    public static readonly string[] Users = ["u-john", "u-sarah", "u-mike", "u-ann", "u-bob", "u-carl", "u-dina", "u-eve"];
    private static readonly string[] Names = ["John Davis", "Sarah Miller", "Mike Johnson", "Ann Lee", "Bob Stone", "Carl West", "Dina Ford", "Eve Park"];

    private static readonly (string Action, AuditActionType Type)[] Actions =
    [
        ("user.login", AuditActionType.Authentication),
        ("user.logout", AuditActionType.Authentication),
        ("server.created", AuditActionType.Create),
        ("server.updated", AuditActionType.Update),
        ("server.deleted", AuditActionType.Delete),
        ("user.password_changed", AuditActionType.Security),
        ("alert_rule.updated", AuditActionType.Update),
        ("audit.exported", AuditActionType.Access),
    ];

    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Event i: one second apart from <see cref="Start"/>, so a store of N rows spans N seconds.</summary>
    public static AuditEvent Event(int i)
    {
        // The action cycles with i / 8 and the user with i, so every user has every action.
        var (action, type) = Actions[(i / Users.Length) % Actions.Length];
        var user = i % Users.Length;
        var server = "srv-" + (i % 500).ToString(CultureInfo.InvariantCulture);
        return new AuditEvent
        {
            Id = Guid.CreateVersion7(Start.AddSeconds(i)),
            OccurredAt = Start.AddSeconds(i),
            Actor = AuditActor.User(Users[user], Names[user]),
            Action = action,
            ActionType = type,
            Outcome = i % 17 == 0 ? AuditOutcome.Failure : AuditOutcome.Success,
            FailureReason = i % 17 == 0 ? "invalid password" : null,
            Resource = new AuditResource("server", server, "web-" + (i % 500).ToString("D3", CultureInfo.InvariantCulture)),
            Changes = type == AuditActionType.Update
                ? [new AuditFieldChange("load_multiplier", "1.0", (1 + (i % 9 / 10.0)).ToString("0.0", CultureInfo.InvariantCulture))]
                : [],
            SourceIp = "10.0." + (i % 250).ToString(CultureInfo.InvariantCulture) + "." + (user + 1).ToString(CultureInfo.InvariantCulture),
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36",
            CorrelationId = "00-" + i.ToString("x32", CultureInfo.InvariantCulture) + "-00f067aa0ba902b7-01",
        };
    }

    /// <summary>The record the store would hold for event i (recorded at its occurrence time).</summary>
    public static AuditRecord Record(int i)
    {
        var e = Event(i);
        return new AuditRecord
        {
            Id = e.Id!.Value,
            OccurredAt = e.OccurredAt!.Value,
            RecordedAt = e.OccurredAt!.Value,
            Actor = e.Actor!,
            Action = e.Action,
            ActionType = e.ActionType,
            Outcome = e.Outcome,
            FailureReason = e.FailureReason,
            Resource = e.Resource,
            Description = e.Changes is { Count: > 0 } c ? $"Changed {c[0].Field} from {c[0].OldValue} to {c[0].NewValue}" : null,
            Changes = e.Changes ?? [],
            SourceIp = e.SourceIp,
            UserAgent = e.UserAgent,
            CorrelationId = e.CorrelationId,
        };
    }

    /// <summary>The data columns (AuditColumns.Data order, from AuditRecordFields.Stored) as the SQLite store encodes them.</summary>
    public static object?[] Columns(AuditRecord r) =>
    [
        .. AuditRecordFields.Stored.Select(field => field.Kind switch
        {
            AuditRecordFieldKind.Id => field.GetId(r).ToString("D", CultureInfo.InvariantCulture),
            AuditRecordFieldKind.Time => (object?)Micros(field.GetTime(r)),
            AuditRecordFieldKind.Changes => JsonSerializer.Serialize(r.Changes.Select(c => new Dictionary<string, string?> { ["field"] = c.Field, ["old"] = c.OldValue, ["new"] = c.NewValue })),
            AuditRecordFieldKind.Metadata => "{}",
            _ => field.GetText(r),
        }),
    ];

    private static long Micros(DateTimeOffset t) => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
}
