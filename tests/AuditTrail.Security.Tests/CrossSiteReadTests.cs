using System.Net;
using System.Text.Json;
using AuditTrail.Security.Tests.Support;

namespace AuditTrail.Security.Tests;

/// <summary>
/// Another site links an admin to the API (a top-level navigation carries SameSite=Lax cookies): every read records an
/// access entry in the reader's name, so without a guard the link would write "exported …" or "queried …" records with
/// the attacker's filters in the admin's name.
/// </summary>
public sealed class CrossSiteReadTests : IAsyncLifetime
{
    private SecurityHost _host = null!;
    private Guid _event;

    public async Task InitializeAsync()
    {
        _host = await SecurityHost.StartAsync();
        _event = await _host.RecordThroughHostAsync(new HostEventRequest { Description = "a change", ResourceType = "server", ResourceId = "srv-1" }, Caller.Alice);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Every read route of the API, with filters an attacker would choose.</summary>
    public static TheoryData<string> ReadRoutes => new()
    {
        "/audit/api/events?user=bob&q=salary",
        "/audit/api/events/{id}",
        "/audit/api/events?ids={id}",
        "/audit/api/facets",
        "/audit/api/histogram",
        "/audit/api/count?user=bob",
        "/audit/api/export.csv?user=bob&q=salary",
        "/audit/api/export.jsonl",
        "/audit/api/export.ocsf.jsonl",
        "/audit/api/verify",
        "/audit/api/review",
        "/audit/api/review.md",
        "/audit/api/review.csv",
        "/audit/api/holds",
    };

    public static TheoryData<string, string, string> ReadRoutesFromAnotherSite
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var route in ReadRoutes)
            {
                data.Add(route, "Sec-Fetch-Site", "cross-site");
                data.Add(route, "Sec-Fetch-Site", "same-site");
                data.Add(route, "Origin", "https://evil.example");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ReadRoutesFromAnotherSite))]
    public async Task AdminFollowsALinkFromAnotherSite_Gets403NamingTheReason_AndNothingIsRecordedInTheirName(string route, string header, string value)
    {
        var before = await _host.RecordsAsync();

        using var response = await _host.GetAsync(Url(route), Caller.Admin, request => request.Headers.TryAddWithoutValidation(header, value));

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString().Should().Contain("Cross-site request refused").And.Contain(value);
        (await _host.RecordsAsync()).Should().HaveCount(before.Count, "a refused cross-site read records nothing in the reader's name");
    }

    [Theory]
    [MemberData(nameof(ReadRoutes))]
    public async Task ReadsFromTheViewerItself_OrATypedAddress_OrAClientThatIsNotABrowser_StillWork(string route)
    {
        foreach (var headers in new[] { new[] { ("Sec-Fetch-Site", "same-origin") }, [("Sec-Fetch-Site", "none")], [], [("Sec-Fetch-Site", "same-origin"), ("Origin", "http://localhost")] })
        {
            using var response = await _host.GetAsync(Url(route), Caller.Admin, request =>
            {
                foreach (var (name, value) in headers)
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
            });

            response.StatusCode.Should().NotBe(HttpStatusCode.Forbidden, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task TheViewerPage_MayBeLinkedFromAnotherSite()
    {
        using var response = await _host.GetAsync("/audit", Caller.Admin, request => request.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private string Url(string route) => route.Replace("{id}", _event.ToString(), StringComparison.Ordinal);
}
