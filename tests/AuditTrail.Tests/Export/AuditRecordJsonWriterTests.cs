using System.Buffers;
using System.Text;
using System.Text.Json;
using AuditTrail.Conformance.Support;
using AuditTrail.Internal;

namespace AuditTrail.Tests.Export;

/// <summary>
/// The exports write records by hand (<see cref="AuditRecordJsonWriter"/>) for speed; these tests
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

    private static Dictionary<string, AuditRecord> Records() => new()
    {
        ["bland"] = Some.Record(),
        ["sparse: nothing optional set"] = Some.SparseRecord(Some.BaseTime),
        ["everything set"] = Some.FullRecord(),
        ["markup, control and separator characters, unordered metadata"] = Some.FullRecord() with
        {
            Actor = new AuditActor("<script>alert('x')</script>", "Zoë \"Z\" Ødegård & co", AuditActorType.Service),
            Resource = new AuditResource("alert_rule", null, null),
            Description = "tab\t \u0001 \u2028 emoji 😀 ＝1+1",
            Metadata = new Dictionary<string, string> { ["ключ"] = "значение", ["</x>"] = "&amp;" },
        },
        ["system actor, another offset, undefined enum"] = Some.Record() with
        {
            OccurredAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(5)),
            Actor = AuditActor.System,
            Action = "api_key.expired",
            ActionType = (AuditActionType)99,
        },
    };
}
