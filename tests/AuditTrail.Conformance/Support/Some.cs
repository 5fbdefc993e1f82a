using System.Globalization;

namespace AuditTrail.Conformance.Support;

/// <summary>Test data: deterministic ids and times, and records that tests adjust with <c>with { ... }</c>.</summary>
public static class Some
{
    /// <summary>A fixed instant with microsecond precision, the precision the pipeline hands to stores.</summary>
    public static readonly DateTimeOffset BaseTime = new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5_897_930);

    private static long _ids;

    /// <summary>A unique id; a deterministic sequence scrambled so that id order differs from creation order.</summary>
    public static Guid Id()
    {
        var n = (ulong)Interlocked.Increment(ref _ids);
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, Mix(n));
        BitConverter.TryWriteBytes(bytes[8..], Mix(n ^ 0x9E3779B97F4A7C15));
        return new Guid(bytes);
    }

    /// <summary><see cref="BaseTime"/> plus whole seconds.</summary>
    public static DateTimeOffset Time(int seconds) => BaseTime.AddSeconds(seconds);

    /// <summary>A microsecond after or before <paramref name="time"/>.</summary>
    public static DateTimeOffset Micros(DateTimeOffset time, int microseconds) => time.AddTicks(microseconds * 10L);

    /// <summary>A bland, valid record at <see cref="BaseTime"/>: few characters that search tests could trip on.</summary>
    public static AuditRecord Record() => Record(BaseTime);

    /// <summary>A bland, valid record at <paramref name="occurredAt"/>.</summary>
    public static AuditRecord Record(DateTimeOffset occurredAt) => new()
    {
        Id = Id(),
        OccurredAt = occurredAt,
        RecordedAt = occurredAt.AddMilliseconds(2),
        Actor = AuditActor.User("u1", "Una"),
        Action = "server.updated",
        ActionType = AuditActionType.Update,
        Outcome = AuditOutcome.Success,
        Resource = new AuditResource("server", "s1", "web"),
        Description = "plain",
        Changes = [new AuditFieldChange("size", "1", "2")],
        SourceIp = "10.0.0.1",
        UserAgent = "agent",
        CorrelationId = "corr",
        TenantId = null,
    };

    /// <summary>A valid record with nothing optional: no display name, resource, texts, changes or metadata.</summary>
    public static AuditRecord SparseRecord(DateTimeOffset occurredAt) => Record(occurredAt) with
    {
        Actor = AuditActor.User("u1", null),
        FailureReason = null,
        Resource = null,
        Description = null,
        Changes = [],
        SourceIp = null,
        UserAgent = null,
        CorrelationId = null,
        TenantId = null,
        Metadata = Metadata(),
    };

    /// <summary><paramref name="count"/> bland records, the i-th at <paramref name="time"/>(i).</summary>
    public static AuditRecord[] Records(int count, Func<int, DateTimeOffset> time) =>
        Enumerable.Range(0, count).Select(i => Record(time(i))).ToArray();

    /// <summary>A record with every property set, non-ASCII text, CR/LF, tabs, quotes and nulls inside changes.</summary>
    public static AuditRecord FullRecord() => new()
    {
        Id = Id(),
        OccurredAt = BaseTime,
        RecordedAt = BaseTime.AddTicks(12_345_670),
        Actor = new AuditActor("user-42", "Zoë Ångström 👩‍💻", AuditActorType.ApiKey),
        Action = "server.updated",
        ActionType = AuditActionType.Update,
        Outcome = AuditOutcome.Failure,
        FailureReason = "Denied:\r\nline two\nline three\r",
        Resource = new AuditResource("server", "srv-01", "web-01 «prod» 日本語"),
        Description = "Changed load_multiplier from 1.0 to 1.5\r\n\t— ünïcödé 🚀 'quoted' \"double\" \\ back",
        Changes =
        [
            new AuditFieldChange("load_multiplier", "1.0", "1.5"),
            new AuditFieldChange("notes", null, "line1\r\nline2"),
            new AuditFieldChange("region", "eu-west", null),
            new AuditFieldChange("password", AuditFieldChange.Redacted, AuditFieldChange.Redacted),
            new AuditFieldChange("quote\"d", "back\\slash", "tab\there"),
            new AuditFieldChange("empty", string.Empty, " "),
        ],
        SourceIp = "2001:db8::1%eth0",
        UserAgent = "Mozilla/5.0 (X11; Linux x86_64) <script>alert(1)</script>",
        CorrelationId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        TenantId = "tenant-α",
        Metadata = Metadata(
            ("b", "2"),
            ("a", "1\r\n"),
            ("ключ", "значение"),
            ("json", "{\"x\":[1,2],\"y\":null}"),
            ("empty", string.Empty)),
        TargetUser = new AuditTargetUser("user-7", "Mïke «Chen» 🧑‍🔧"),
    };

    /// <summary>
    /// Five records from 2026-10-01 05:30 +05:30, an hour apart, with every property set: non-ASCII and RTL text,
    /// combining marks, emoji, CR/LF, a time offset and sub-millisecond ticks, success and failure in turn, two tenants.
    /// </summary>
    public static AuditRecord[] VariedRecords() =>
        [.. Enumerable.Range(0, 5).Select(i => new AuditRecord
        {
            Id = Guid.CreateVersion7(),
            OccurredAt = new DateTimeOffset(2026, 10, 1, 5, 30, 0, TimeSpan.FromHours(5.5)).AddHours(i).AddTicks(1230),
            RecordedAt = new DateTimeOffset(2026, 10, 1, 0, 0, 1, TimeSpan.Zero).AddHours(i).AddTicks(4560),
            Actor = new AuditActor($"usér-{i} 👩‍💻", "Zoë \u05e9\u05dc\u05d5\u05dd \u0301", AuditActorType.User),
            Action = "invoice.updated",
            ActionType = AuditActionType.Update,
            Outcome = i % 2 == 0 ? AuditOutcome.Success : AuditOutcome.Failure,
            FailureReason = i % 2 == 0 ? null : "refusé: «quota»",
            Resource = new AuditResource("invoice", $"inv-{i}", "Facture n°7 — 日本"),
            Description = "line1\nline2\r\n\ttab \"quoted\" \\ back",
            Changes = [new AuditFieldChange("amount", "10", "12"), new AuditFieldChange("note", null, "😀"), new AuditFieldChange("gone", "x", null)],
            SourceIp = "2001:db8::1",
            UserAgent = "Mozilla/5.0 (ünïcode)",
            CorrelationId = "0af7651916cd43dd8448eb211c80319c",
            TenantId = i < 3 ? "tenant-ä" : "tenant-b",
            Metadata = new Dictionary<string, string> { ["k"] = "v", ["ключ"] = "значение", ["empty"] = string.Empty },
            TargetUser = new AuditTargetUser("u-target", "Ta Rget"),
        })];

    /// <summary>Metadata as the pipeline builds it: ordered by key, ordinal.</summary>
    public static IReadOnlyDictionary<string, string> Metadata(params (string Key, string Value)[] entries)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            metadata[key] = value;
        }

        return metadata;
    }

    /// <summary>A text of exactly <paramref name="length"/> characters.</summary>
    public static string Text(int length, char fill = 'x') => new(fill, length);

    /// <summary>A UTC instant parsed from ISO 8601 text.</summary>
    public static DateTimeOffset At(string iso8601) => DateTimeOffset.Parse(iso8601, CultureInfo.InvariantCulture);

    private static ulong Mix(ulong x)
    {
        // SplitMix64 finalizer: a bijection, so distinct inputs give distinct ids.
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EB;
        return x ^ (x >> 31);
    }
}
