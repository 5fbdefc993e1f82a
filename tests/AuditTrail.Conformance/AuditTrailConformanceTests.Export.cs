using System.Text;
using System.Text.Json;
using CsvHelper;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditTrailConformanceTests
{
    private static readonly string[] FormulaPayloads =
        ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1", "\r=1", "＝1+1"];

    [Fact]
    public async Task ExportAsync_Csv_IsRfc4180_HonoursFilters_AndNeutralisesFormulaCells()
    {
        var ids = await SeedTrailAsync();
        foreach (var payload in FormulaPayloads)
        {
            await Logger.LogAsync(Event(AuditActor.User(payload, payload), payload, AuditActionType.Update) with
            {
                Resource = new AuditResource(payload, payload, payload),
                Description = payload + "\r\nsecond line, with \"quotes\" and ;",
                UserAgent = payload,
                Metadata = new Dictionary<string, string> { ["k"] = payload },
                OccurredAt = Now.AddDays(-10),
            });
        }

        using var filtered = new MemoryStream();
        var count = await Reader.ExportAsync(Admin, new AuditQuery { ActorIds = [Sarah.Id] }, AuditExportFormat.Csv, filtered);
        var sarahRows = ReadCsv(filtered.ToArray());
        count.Should().Be(2);
        sarahRows.Select(row => Guid.Parse(row["Id"])).Should().Equal(ids["sarah-failed"], ids["sarah-delete"]);
        sarahRows[0]["Time (UTC)"].Should().Be("2026-11-20T09:34:00.000000Z");
        sarahRows[0]["Outcome"].Should().Be("Failure");
        sarahRows[1]["Resource"].Should().Be("High CPU 100%_now");

        using var all = new MemoryStream();
        await Reader.ExportAsync(Admin, new AuditQuery { To = Now.AddDays(-5) }, AuditExportFormat.Csv, all);
        var rows = ReadCsv(all.ToArray());
        rows.Should().HaveCount(FormulaPayloads.Length, "embedded CR/LF, quotes and separators stay inside one cell");
        foreach (var row in rows)
        {
            foreach (var (column, value) in row)
            {
                value.Should().NotMatchRegex("^[=+\\-@\t\r\n＝＋－＠]", $"column {column} must not start a formula");
            }

            row["Details"].Should().EndWith("\r\nsecond line, with \"quotes\" and ;");
        }

        var stored = await AllPagesAsync(Admin, new AuditQuery { To = Now.AddDays(-5) });
        stored.Select(r => r.UserAgent).Should().BeEquivalentTo(FormulaPayloads, "exports neutralise cells, the stored values are unchanged");
    }

    [Fact]
    public async Task ExportAsync_JsonLines_WritesOneParsableObjectPerRecordInScope()
    {
        var ids = await SeedTrailAsync();

        using var output = new MemoryStream();
        var count = await Reader.ExportAsync(Admin, new AuditQuery { ResourceType = "server" }, AuditExportFormat.JsonLines, output);

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        count.Should().Be(2);
        lines.Should().HaveCount(2);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        first.GetProperty("id").GetGuid().Should().Be(ids["mike-update"]);
        first.GetProperty("occurredAt").GetString().Should().Be("2026-11-20T14:34:00+00:00");
        first.GetProperty("actionType").GetString().Should().Be("Update");
        first.GetProperty("actor").GetProperty("displayName").GetString().Should().Be("Mike Johnson");
        JsonDocument.Parse(lines[1]).RootElement.GetProperty("changes")[0].GetProperty("newValue").GetString().Should().Be("1.5");
    }

    [Fact]
    public async Task ExportAsync_Ocsf_WritesOneOcsfEventPerRecordInScope()
    {
        var ids = await SeedTrailAsync();

        using var output = new MemoryStream();
        var count = await Reader.ExportAsync(Admin, new AuditQuery { ResourceType = "server" }, AuditExportFormat.Ocsf, output);

        var events = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        count.Should().Be(2);
        events.Should().HaveCount(2);
        events[0].GetProperty("metadata").GetProperty("uid").GetGuid().Should().Be(ids["mike-update"]);
        events[0].GetProperty("metadata").GetProperty("version").GetString().Should().Be(AuditOcsf.SchemaVersion);
        events[0].GetProperty("class_uid").GetInt32().Should().Be((int)AuditOcsfClass.EntityManagement);
        events[0].GetProperty("activity_id").GetInt32().Should().Be(3, "an update");
        events[0].GetProperty("time").GetInt64().Should().Be(DateTimeOffset.Parse("2026-11-20T14:34:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
        events[0].GetProperty("actor").GetProperty("user").GetProperty("name").GetString().Should().Be("Mike Johnson");
    }

    private static List<Dictionary<string, string>> ReadCsv(byte[] bytes)
    {
        bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble).Should().BeFalse("the CSV is UTF-8 without a byte order mark");
        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default);
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            reader.FieldCount.Should().Be(reader.Headers.Count, "every row has one cell per header");
            rows.Add(reader.Headers.Select((name, i) => (name, value: reader.GetString(i))).ToDictionary(p => p.name, p => p.value));
        }

        return rows;
    }
}
