using System.Text.Json;
using AuditTrail.Conformance.Support;
using AuditTrail.Security.Tests.Support;

namespace AuditTrail.Security.Tests;

/// <summary>CR, LF and the other line separators in user agent, names and descriptions.</summary>
public sealed class LineBreakTests : IAsyncLifetime
{
    private static readonly string[] Breaks = ["\r\n", "\n", "\r", "\u2028", "\u2029", "\u0085", "\v", "\f"];

    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task LineSeparatorsInUserAgentNamesAndDescriptions_AreStoredAsGivenAndStayOneRowOrLine()
    {
        var logged = new List<(Guid Id, string Text)>();
        foreach (var lineBreak in Breaks)
        {
            var text = $"first{lineBreak}2025-11-27 FORGED root deleted everything{lineBreak}last";
            var id = await _host.Audit.LogAsync(new AuditEvent
            {
                Action = "server.updated",
                ActionType = AuditActionType.Update,
                Actor = AuditActor.User("mallory", text),
                Resource = new AuditResource("server", "srv-1", text),
                Description = text,
                UserAgent = text,
            });
            logged.Add((id, text));
        }

        foreach (var (id, text) in logged)
        {
            var stored = await _host.Reader.GetAsync(AuditViewer.Admin("inspector"), id);
            stored!.UserAgent.Should().Be(text);
            stored.Actor.DisplayName.Should().Be(text);
            stored.Resource!.Name.Should().Be(text);
            stored.Description.Should().Be(text);
        }

        var query = new AuditQuery { ActionTypes = [AuditActionType.Update] };
        var csv = Rfc4180.Parse(await _host.Reader.ExportAsync(AuditExportFormat.Csv, query));
        csv.Should().HaveCount(1 + Breaks.Length, "one row per record");
        csv.Should().OnlyContain(row => row.Count == AuditRecordFields.Exported.Count);
        var apiCsv = Rfc4180.Parse(await _host.GetTextAsync("/audit/api/export.csv?type=Update", Caller.Admin));
        apiCsv.Should().HaveCount(1 + Breaks.Length);

        foreach (var jsonLines in new[]
        {
            await _host.Reader.ExportAsync(AuditExportFormat.JsonLines, query),
            await _host.GetTextAsync("/audit/api/export.jsonl?type=Update", Caller.Admin),
        })
        {
            var lines = jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().HaveCount(Breaks.Length, "one line per record");
            foreach (var line in lines)
            {
                line.IndexOfAny(['\r', '\u2028', '\u2029', '\u0085', '\v', '\f']).Should().Be(-1, "every separator inside a value is escaped");
                var record = JsonSerializer.Deserialize<AuditRecord>(line, AuditJson.Options)!;
                logged.Should().Contain((record.Id, record.Description!));
            }
        }

        // The API's JSON is a single line too: a log or proxy that records it cannot be made to show a forged line.
        var page = await _host.GetTextAsync("/audit/api/events?type=Update", Caller.Admin);
        page.IndexOfAny(['\r', '\n', '\u2028', '\u2029', '\u0085']).Should().Be(-1);
    }
}
