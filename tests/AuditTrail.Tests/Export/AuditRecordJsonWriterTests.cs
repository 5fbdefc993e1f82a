using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AuditTrail.Internal;

namespace AuditTrail.Tests.Export;

/// <summary>
/// The exports write records by hand (<see cref="AuditRecordJsonWriter"/>, CSV's own time format) for speed; these tests
/// hold them to the serializer's output and the documented format, so the JSON Lines export and the HTTP API keep one shape.
/// </summary>
public sealed class AuditRecordJsonWriterTests
{
    public static TheoryData<string> RecordNames() => [.. Records().Keys];

    [Theory]
    [MemberData(nameof(RecordNames))]
    public void WriteRecord_WritesWhatTheSerializerWrites(string name)
    {
        var record = Records()[name];

        Written(writer => AuditRecordJsonWriter.WriteRecord(writer, record))
            .Should().Be(JsonSerializer.Serialize(record, AuditJson.Options));
    }

    [Theory]
    [MemberData(nameof(RecordNames))]
    public void WriteChangesAndMetadata_WriteWhatTheSerializerWrites(string name)
    {
        var record = Records()[name];

        Written(writer => AuditRecordJsonWriter.WriteChanges(writer, record.Changes))
            .Should().Be(JsonSerializer.Serialize(record.Changes, AuditJson.Options));
        Written(writer => AuditRecordJsonWriter.WriteMetadata(writer, record.Metadata))
            .Should().Be(JsonSerializer.Serialize(record.Metadata, AuditJson.Options));
    }

    [Fact]
    public void WriteRecord_EveryPublicPropertyOfTheRecordIsWritten()
    {
        // A property added to AuditRecord, AuditActor, AuditResource or AuditFieldChange reaches the serializer's
        // output at once; the hand-written writer must be taught it, and the tests above only see the difference
        // when the records they use set it. Counting names keeps that from going unnoticed.
        using var document = JsonDocument.Parse(Written(writer => AuditRecordJsonWriter.WriteRecord(writer, Records()["everything set"])));
        var root = document.RootElement;

        root.EnumerateObject().Select(p => p.Name).Should().Equal(Names<AuditRecord>());
        root.GetProperty("actor").EnumerateObject().Select(p => p.Name).Should().Equal(Names<AuditActor>());
        root.GetProperty("resource").EnumerateObject().Select(p => p.Name).Should().Equal(Names<AuditResource>());
        root.GetProperty("changes")[0].EnumerateObject().Select(p => p.Name).Should().Equal(Names<AuditFieldChange>());
    }

    [Fact]
    public void CsvFormatTime_MatchesTheDocumentedFormat_ForTimesAcrossTheRange()
    {
        var random = new Random(20261202);
        var times = new List<DateTimeOffset>
        {
            DateTimeOffset.MinValue,
            DateTimeOffset.MaxValue,
            DateTimeOffset.UnixEpoch,
            new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.FromHours(5)).AddTicks(9_999_999),
            new DateTimeOffset(999, 1, 2, 3, 4, 5, TimeSpan.FromHours(-11)).AddTicks(10),
        };
        for (var i = 0; i < 1000; i++)
        {
            var ticks = random.NextInt64(DateTimeOffset.MinValue.UtcTicks + TimeSpan.TicksPerDay, DateTimeOffset.MaxValue.UtcTicks - TimeSpan.TicksPerDay);
            times.Add(new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60))));
        }

        foreach (var time in times)
        {
            CsvAuditExporter.FormatTime(time).Should().Be(
                time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture), $"the time {time:O}");
        }
    }

    private static IEnumerable<string> Names<T>() =>
        typeof(T).GetProperties().Where(p => p.GetMethod!.IsPublic && !p.GetMethod.IsStatic).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, AuditRecordJsonWriter.WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Dictionary<string, AuditRecord> Records()
    {
        var time = new DateTimeOffset(2026, 11, 22, 9, 30, 15, TimeSpan.Zero).AddTicks(1234560);
        var minimal = new AuditRecord
        {
            Id = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
            OccurredAt = time,
            RecordedAt = time.AddMilliseconds(3),
            Actor = AuditActor.User("u-1", null),
            Action = "auth.login",
            ActionType = AuditActionType.Authentication,
        };
        return new Dictionary<string, AuditRecord>
        {
            ["minimal"] = minimal,
            ["everything set"] = minimal with
            {
                Actor = AuditActor.ApiKey("key-7", "Deploy key"),
                Action = "server.updated",
                ActionType = AuditActionType.Update,
                Outcome = AuditOutcome.Failure,
                FailureReason = "quota exceeded",
                Resource = new AuditResource("server", "srv-42", "web-01"),
                Description = "Changed load_multiplier from 1.0 to 1.5",
                Changes = [new AuditFieldChange("load_multiplier", "1.0", "1.5"), new AuditFieldChange("name", null, "web-01")],
                SourceIp = "2001:db8::1",
                UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
                CorrelationId = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                TenantId = "acme",
                Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["b"] = "2", ["a"] = "1" },
            },
            ["markup, quotes, control and non-ASCII text"] = minimal with
            {
                Actor = new AuditActor("<script>alert('x')</script>", "Zoë \"Z\" Ødegård & co", AuditActorType.Service),
                Action = "alert_rule.created",
                ActionType = AuditActionType.Create,
                Resource = new AuditResource("alert_rule", null, null),
                Description = "line one\nline two\ttab \u0001 \u2028 emoji 😀 ＝1+1",
                Changes = [new AuditFieldChange("threshold", "\"90\"", "<95>")],
                Metadata = new Dictionary<string, string> { ["ключ"] = "значение", ["</x>"] = "&amp;" },
            },
            ["system actor, other offset, undefined enum"] = minimal with
            {
                OccurredAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(5)),
                Actor = AuditActor.System,
                Action = "api_key.expired",
                ActionType = (AuditActionType)99,
            },
        };
    }
}
