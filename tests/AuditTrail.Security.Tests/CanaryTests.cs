using System.Net.Http.Headers;
using System.Text;
using AuditTrail.Security.Tests.Support;

namespace AuditTrail.Security.Tests;

/// <summary>Secrets planted the ways apps leak them appear in no file, export, API answer or log line.</summary>
public sealed class CanaryTests : IAsyncLifetime
{
    private const string PasswordOld = "canary-pw-old-7Qx2";
    private const string PasswordNew = "canary-pw-new-9Lk4";
    private const string MetadataToken = "canary-token-3Fz8";
    private const string BearerToken = "canary-bearer-5Mv1";
    private const string ConnectionPassword = "canary-connpw-2Hd6";

    private static readonly string[] Canaries = [PasswordOld, PasswordNew, MetadataToken, BearerToken, ConnectionPassword];

    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task PlantedCanaries_AppearInNoFileExportApiAnswerOrLog()
    {
        var connectionFailure = new InvalidOperationException($"Cannot open 'Server=db;User Id=app;Password={ConnectionPassword}'");

        // A password in a diff, a token in metadata, the message of an exception that carries a connection string
        // under a sensitive name, all through a host endpoint of the real pipeline with an Authorization header.
        var eventId = await _host.RecordThroughHostAsync(
            new HostEventRequest
            {
                Action = "user.password_changed",
                ResourceType = "user",
                ResourceId = "u-alice",
                Changes = AuditDiff.Between(new { Password = PasswordOld, Theme = "dark" }, new { Password = PasswordNew, Theme = "light" }),
                Metadata = new Dictionary<string, string>
                {
                    ["api_token"] = MetadataToken,
                    ["Connection-String"] = connectionFailure.Message,
                    ["note"] = "nothing secret",
                },
            },
            Caller.Alice,
            request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", BearerToken));

        var stored = await _host.Reader.GetAsync(AuditViewer.Admin("root"), eventId);
        stored.Should().NotBeNull();
        stored!.Changes.Should().ContainSingle(change => change.Field == "Password")
            .Which.Should().Be(new AuditFieldChange("Password", AuditFieldChange.Redacted, AuditFieldChange.Redacted), "the trail says the field changed, not its values");
        stored.Metadata.Should().Contain("api_token", AuditFieldChange.Redacted).And.Contain("Connection-String", AuditFieldChange.Redacted).And.Contain("note", "nothing secret");

        // Every read surface, which also puts reads of the event into the trail (and the logs).
        var surfaces = new Dictionary<string, string>
        {
            ["api events"] = await _host.GetTextAsync("/audit/api/events?limit=1000", Caller.Admin),
            ["api event"] = await _host.GetTextAsync($"/audit/api/events/{eventId}", Caller.Admin),
            ["api events as alice"] = await _host.GetTextAsync("/audit/api/events", Caller.Alice),
            ["api facets"] = await _host.GetTextAsync("/audit/api/facets", Caller.Admin),
            ["csv export"] = await _host.GetTextAsync("/audit/api/export.csv", Caller.Admin),
            ["jsonl export"] = await _host.GetTextAsync("/audit/api/export.jsonl", Caller.Admin),
            ["reader csv"] = await ExportAsync(AuditExportFormat.Csv),
            ["reader jsonl"] = await ExportAsync(AuditExportFormat.JsonLines),
        };
        surfaces["csv export"].Should().Contain("Theme", "the export holds the event the canaries were planted in");

        var files = await _host.StoredFilesAroundCheckpointAsync();

        foreach (var canary in Canaries)
        {
            foreach (var (surface, text) in surfaces)
            {
                text.Should().NotContain(canary, $"{surface} must not disclose a secret");
            }

            foreach (var (name, bytes) in files)
            {
                ContainsUtf8OrUtf16(bytes, canary).Should().BeFalse($"{name} must not hold {canary}");
            }

            _host.Logs.Lines.Should().NotContain(line => line.Contains(canary, StringComparison.Ordinal), "no log line may hold a secret");
        }

        _host.Logs.Lines.Should().NotBeEmpty("the capturing provider saw the pipeline's own logging");
    }

    private async Task<string> ExportAsync(AuditExportFormat format)
    {
        using var stream = new MemoryStream();
        await _host.Reader.ExportAsync(AuditViewer.Admin("root"), new AuditQuery(), format, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static bool ContainsUtf8OrUtf16(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0
        || haystack.AsSpan().IndexOf(Encoding.Unicode.GetBytes(needle)) >= 0;
}
