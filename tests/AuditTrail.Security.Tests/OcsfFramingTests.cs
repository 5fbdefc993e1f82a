using System.Text.Json;
using AuditTrail.Security.Tests.Support;

namespace AuditTrail.Security.Tests;

/// <summary>Values that try to break the OCSF export's framing or forge one of its fields.</summary>
public sealed class OcsfFramingTests : IAsyncLifetime
{
    private const string Forged = "\",\"status\":\"Success\",\"actor\":{\"user\":{\"uid\":\"root\"}},\"x\":\"";

    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task LineBreaksQuotesIllFormedTextAndOddMetadataKeys_StayOneLineAndForgeNoField()
    {
        var text = $"a\r\n\u2028\u2029\u0085\0\ud800z{Forged}";
        var metadata = new Dictionary<string, string>
        {
            ["status"] = "Success",
            ["actor.user.uid"] = "root",
            ["unmapped[action]"] = "forged",
            ["a\nb"] = text,
            ["long"] = new string('x', 5000),
        };
        var id = await _host.Audit.LogAsync(new AuditEvent
        {
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Outcome = AuditOutcome.Failure,
            FailureReason = text,
            Actor = AuditActor.User("mallory", text),
            Resource = new AuditResource("server", text, text),
            Description = text,
            UserAgent = text,
            Metadata = metadata,
        });

        foreach (var export in new[]
        {
            await _host.Reader.ExportAsync(AuditExportFormat.Ocsf, new AuditQuery { ActionTypes = [AuditActionType.Update] }),
            await _host.GetTextAsync("/audit/api/export.ocsf.jsonl?type=Update", Caller.Admin),
        })
        {
            var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            lines.Should().ContainSingle("one line per record");
            lines[0].IndexOfAny(['\r', '\0', '\u2028', '\u2029', '\u0085']).Should().Be(-1, "every separator inside a value is escaped");
            var ocsf = JsonDocument.Parse(lines[0]).RootElement;
            ocsf.GetProperty("metadata").GetProperty("uid").GetString().Should().Be(id.ToString());
            ocsf.GetProperty("status").GetString().Should().Be("Failure");
            ocsf.GetProperty("actor").GetProperty("user").GetProperty("uid").GetString().Should().Be("mallory");
            ocsf.GetProperty("unmapped").GetProperty("action").GetString().Should().Be("server.updated");
            var kept = ocsf.GetProperty("unmapped").GetProperty("metadata");
            kept.GetProperty("status").GetString().Should().Be("Success");
            kept.GetProperty("actor.user.uid").GetString().Should().Be("root");
            kept.GetProperty("unmapped[action]").GetString().Should().Be("forged");
            ocsf.GetProperty("message").GetString().Should().EndWith(Forged).And.Contain("\uFFFD");
        }
    }
}
