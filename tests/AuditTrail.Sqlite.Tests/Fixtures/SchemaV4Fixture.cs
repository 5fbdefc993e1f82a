using System.Globalization;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Sqlite.Tests.Fixtures;

/// <summary>
/// The records of <c>Fixtures/schema-v4.db</c>: a trail written by the code of commit a2a919a (schema v4, the search
/// index in a <c>-search</c> file beside it), 300 records of which the oldest <see cref="Purged"/> were purged, the
/// newest <see cref="UnindexedInOldFile"/> left out of the old search index file. These records must never change:
/// the file was made from them once, and the test reads them back from it.
/// </summary>
public static class SchemaV4Fixture
{
    /// <summary>The database file's name under <c>Fixtures/</c>.</summary>
    public const string FileName = "schema-v4.db";

    /// <summary>How many records were written.</summary>
    public const int Written = 300;

    /// <summary>How many of the oldest were purged before the file was closed.</summary>
    public const int Purged = 10;

    /// <summary>How many of the newest the old search index file did not cover when it was closed.</summary>
    public const int UnindexedInOldFile = 7;

    private static readonly DateTimeOffset Start = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private static readonly string[] Tenants = ["acme", "globex", "tenant-α", "initech"];

    private static readonly AuditActor[] Actors =
    [
        AuditActor.User("u-ada", "Ada Lovelace"),
        AuditActor.User("u-zoe", "Zoë Ångström 👩‍💻"),
        AuditActor.ApiKey("key-7f3a", null),
        AuditActor.Service("billing-worker", "Billing <worker>"),
        AuditActor.System,
        AuditActor.Anonymous,
    ];

    /// <summary>The record written <paramref name="index"/>-th (0-based); its sequence number is <paramref name="index"/> + 1.</summary>
    public static AuditRecord Record(int index)
    {
        var actionType = (AuditActionType)(index % 6);
        var failed = index % 7 == 3;
        var time = Start.AddMinutes(index).AddTicks(index * 13 % 10 * 10);
        var hasResource = index % 5 != 4;
        return new AuditRecord
        {
            Id = Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{index:D12}")),
            OccurredAt = time,
            RecordedAt = time.AddMilliseconds(3 + (index % 4)),
            Actor = Actors[index % Actors.Length],
            Action = actionType.ToString().ToLowerInvariant() + "." + (index % 3 == 0 ? "server" : "invoice"),
            ActionType = actionType,
            Outcome = failed ? AuditOutcome.Failure : AuditOutcome.Success,
            FailureReason = failed ? $"Denied: quota «{index}»\r\nsecond line" : null,
            Resource = hasResource ? new AuditResource(index % 3 == 0 ? "server" : "invoice", $"res-{index % 40}", index % 2 == 0 ? $"web-{index % 40:D3} 日本語" : null) : null,
            Description = index % 10 == 0
                ? $"Wombat sighting {index}: <b>bold</b> & \"quoted\" \\ back"
                : index % 11 == 0 ? null : $"Routine change {index} — ünïcödé",
            Changes = (index % 4) switch
            {
                0 => [new AuditFieldChange("load_multiplier", "1.0", $"1.{index % 10}"), new AuditFieldChange("notes", null, "line1\r\nline2")],
                1 => [new AuditFieldChange("password", AuditFieldChange.Redacted, AuditFieldChange.Redacted)],
                2 => [new AuditFieldChange("region", "eu-west", null), new AuditFieldChange("quote\"d", "tab\there", "pangolin")],
                _ => [],
            },
            SourceIp = index % 6 == 5 ? null : index % 2 == 0 ? $"10.0.{index % 7}.{index % 250}" : "2001:db8::1",
            UserAgent = index % 3 == 0 ? "Mozilla/5.0 <script>alert(1)</script>" : null,
            CorrelationId = index % 8 == 0 ? $"corr-{index}" : null,
            TenantId = index % 9 == 8 ? null : Tenants[index % Tenants.Length],
            Metadata = (index % 3) switch
            {
                0 => Some.Metadata(("ключ", "значение"), ("region", "eu")),
                1 => Some.Metadata(("json", "{\"x\":[1,2],\"y\":null}")),
                _ => Some.Metadata(),
            },
        };
    }

    /// <summary>Every record written, oldest first.</summary>
    public static AuditRecord[] AllWritten() => Enumerable.Range(0, Written).Select(Record).ToArray();
}
