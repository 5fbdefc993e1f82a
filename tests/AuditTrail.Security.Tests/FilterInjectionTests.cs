using System.Net;
using System.Text.Json;
using AuditTrail.Security.Tests.Support;

namespace AuditTrail.Security.Tests;

/// <summary>SQL metacharacters, LIKE and FTS syntax, and over-long values in every HTTP filter parameter.</summary>
public sealed class FilterInjectionTests : IAsyncLifetime
{
    private static readonly string[] Payloads =
    [
        "'",
        "' OR '1'='1",
        "\"; DROP TABLE audit_events; --",
        "x'); DELETE FROM audit_events; --",
        "%",
        "_",
        "a%b",
        "x_y",
        "[a-z]",
        "\\",
        "*",
        "NEAR(alpha beta)",
        "\"alpha\" OR beta",
        "description:alpha",
        "^alpha",
        "alpha AND NOT beta",
        "-alpha",
        "{alpha beta}",
        "😀",
    ];

    private static readonly string[] TextParameters = ["action", "user", "resourceType", "resourceId"];

    private static readonly string[] TypedParameters = ["type", "outcome", "from", "to", "ip", "limit", "cursor"];

    private readonly Dictionary<string, Guid> _eventByPayload = [];
    private SecurityHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await SecurityHost.StartAsync();
        await _host.Audit.LogAsync(new AuditEvent
        {
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Actor = AuditActor.User("plain-user", "Plain User"),
            Resource = new AuditResource("server", "srv-1", "alpha beta"),
            Description = "alpha beta gamma, a control row that matches no payload literally",
        });
        foreach (var payload in Payloads)
        {
            _eventByPayload[payload] = await _host.Audit.LogAsync(new AuditEvent
            {
                Action = payload,
                ActionType = AuditActionType.Update,
                Actor = AuditActor.User(payload, "Payload User"),
                Resource = new AuditResource(payload, payload, "payload resource"),
                Description = $"holds <{payload}>",
            });
        }
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task EveryTextFilter_MetacharactersAndSyntax_MatchLiterallyOnly()
    {
        foreach (var parameter in TextParameters)
        {
            foreach (var payload in Payloads)
            {
                var ids = await ListAsync($"{parameter}={Uri.EscapeDataString(payload)}");

                ids.Should().Equal([_eventByPayload[payload]], $"{parameter}={payload} matches exactly the record that holds it");
            }
        }
    }

    [Fact]
    public async Task Search_MetacharactersAndSyntax_MatchLiterallyOnly()
    {
        foreach (var payload in Payloads)
        {
            var ids = await ListAsync($"q={Uri.EscapeDataString(payload)}");

            ids.Should().Contain(_eventByPayload[payload], $"q={payload} finds the record that holds it");
            foreach (var id in ids)
            {
                var record = await _host.Reader.GetAsync(AuditViewer.Admin("inspector"), id);
                Searchable(record!).Should().Contain(payload.ToUpperInvariant(), $"q={payload} returned a record that does not contain it literally");
            }
        }

        (await ListAsync("q=%25%25%25")).Should().BeEmpty("no record holds three percent signs");
        (await ListAsync("q=___")).Should().BeEmpty("no record holds three underscores");
    }

    [Fact]
    public async Task EveryParameter_InjectionOrOverLongValue_IsAClear400OrALiteralMatch()
    {
        var overLong = new string('x', 100_000);
        foreach (var parameter in TextParameters.Concat(TypedParameters).Append("q"))
        {
            foreach (var value in Payloads.Append(overLong))
            {
                foreach (var path in new[] { "/audit/api/events", "/audit/api/export.csv" })
                {
                    using var response = await _host.GetAsync($"{path}?{parameter}={Uri.EscapeDataString(value)}", Caller.Admin);
                    var body = await response.Content.ReadAsStringAsync();

                    response.StatusCode.Should().BeOneOf([HttpStatusCode.OK, HttpStatusCode.BadRequest], $"{path}?{parameter}={Shorten(value)}: {Shorten(body)}");
                    if (response.StatusCode == HttpStatusCode.BadRequest)
                    {
                        JsonDocument.Parse(body).RootElement.GetProperty("parameter").GetString().Should().Be(parameter);
                    }
                    else if (!(path.EndsWith(".csv", StringComparison.Ordinal) && parameter is "limit" or "cursor"))
                    {
                        // An export has no pages: it ignores limit and cursor. Anywhere else a typed value is parsed strictly.
                        TypedParameters.Should().NotContain(parameter, $"{parameter}={Shorten(value)} is not a valid {parameter}");
                    }
                }
            }
        }

        // The table is intact and nothing was changed.
        (await _host.Reader.CountAsync(AuditViewer.Admin("inspector"), new AuditQuery { ActionTypes = [AuditActionType.Update] })).Should().Be(Payloads.Length + 1);
    }

    private async Task<List<Guid>> ListAsync(string query)
    {
        var page = JsonDocument.Parse(await _host.GetTextAsync($"/audit/api/events?type=Update&limit=1000&{query}", Caller.Admin)).RootElement;
        return [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid())];
    }

    private static string Searchable(AuditRecord record) => string.Join(
        '\n',
        record.Actor.Id,
        record.Actor.DisplayName,
        record.Action,
        record.Resource?.Type,
        record.Resource?.Id,
        record.Resource?.Name,
        record.Description,
        record.FailureReason,
        record.SourceIp).ToUpperInvariant();

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
