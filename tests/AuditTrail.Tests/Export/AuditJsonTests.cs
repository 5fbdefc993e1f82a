using System.Buffers;
using System.Text;
using System.Text.Json;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Export;

/// <summary>
/// The exports, the HTTP API and the spool write records through generated code (<see cref="AuditJson"/>); these
/// tests hold it to what the reflection serializer wrote before (web defaults, enum names, the default encoder) and
/// to the documented format, so every JSON of a record keeps one shape.
/// </summary>
public sealed class AuditJsonTests
{
    // The options the library used before its JSON was generated: the shape the generated code must keep.
    private static readonly JsonSerializerOptions Reflection = CreateReflectionOptions();

    public static TheoryData<string> RecordNames() => [.. Records().Keys];

    [Theory]
    [MemberData(nameof(RecordNames))]
    public void WriteRecord_WritesWhatTheSerializerWrites(string name)
    {
        var record = Records()[name];

        Written(writer => AuditJson.WriteRecord(writer, record))
            .Should().Be(JsonSerializer.Serialize(record, Reflection));
        Encoding.UTF8.GetString(AuditJson.SerializeRecord(record)).Should().Be(JsonSerializer.Serialize(record, Reflection));
    }

    [Theory]
    [MemberData(nameof(RecordNames))]
    public void WriteChangesAndMetadata_WriteWhatTheSerializerWrites(string name)
    {
        var record = Records()[name];

        Written(writer => AuditJson.WriteChanges(writer, record.Changes))
            .Should().Be(JsonSerializer.Serialize(record.Changes, Reflection));
        Written(writer => AuditJson.WriteMetadata(writer, record.Metadata))
            .Should().Be(JsonSerializer.Serialize(record.Metadata, Reflection));
    }

    [Fact]
    public void WriteRecord_EveryPublicPropertyOfTheRecordIsWritten()
    {
        // A property added to AuditRecord, AuditActor, AuditResource or AuditFieldChange must reach the JSON.
        using var document = JsonDocument.Parse(Written(writer => AuditJson.WriteRecord(writer, Records()["everything set"])));
        var root = document.RootElement;

        root.EnumerateObject().Select(p => p.Name).Should().Equal(Names<AuditRecord>());
        root.GetProperty("actor").EnumerateObject().Select(p => p.Name).Should().Equal(Names<AuditActor>());
        root.GetProperty("resource").EnumerateObject().Select(p => p.Name).Should().Equal(Names<AuditResource>());
        root.GetProperty("changes")[0].EnumerateObject().Select(p => p.Name).Should().Equal(Names<AuditFieldChange>());
    }

    [Fact]
    public void WriteRecord_LeavesOutTheSourceIpAsHashed()
    {
        var record = Records()["everything set"] with { SourceIp = "2001:db8::1", SourceIpAsHashed = "2001:DB8::1" };

        using var document = JsonDocument.Parse(Written(writer => AuditJson.WriteRecord(writer, record)));

        document.RootElement.TryGetProperty("sourceIpAsHashed", out _).Should().BeFalse("it is the hash chain's, not the record's content");
        document.RootElement.GetProperty("sourceIp").GetString().Should().Be("2001:db8::1");
    }

    // Every public property but those the JSON leaves out on purpose ([JsonIgnore]).
    private static IEnumerable<string> Names<T>() =>
        typeof(T).GetProperties().Where(p => p.GetMethod!.IsPublic && !p.GetMethod.IsStatic && !p.IsDefined(typeof(System.Text.Json.Serialization.JsonIgnoreAttribute), inherit: false))
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

    [Theory]
    [MemberData(nameof(RecordNames))]
    public void DeserializeRecord_ReadsBackWhatWasWritten_MetadataOrderedOrdinally(string name)
    {
        var record = Records()[name];

        var read = AuditJson.DeserializeRecord(AuditJson.SerializeRecord(record));

        read.Should().BeEquivalentTo(record);
        read.Metadata.Keys.Should().BeInAscendingOrder(StringComparer.Ordinal);
    }

    private static JsonSerializerOptions CreateReflectionOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return options;
    }

    private static string Written(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, AuditJson.WriterOptions))
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
