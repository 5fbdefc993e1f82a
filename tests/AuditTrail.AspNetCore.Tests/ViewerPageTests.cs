using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

public sealed partial class ViewerPageTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/audit")]
    [InlineData("/audit/")]
    public async Task Page_IsServedWithAStrictContentSecurityPolicy(string url)
    {
        using var response = await _app.GetAsync(url, TestUser.Alice);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Directives(policy).Should().Contain(new Dictionary<string, string>
        {
            ["default-src"] = "'none'",
            ["script-src"] = "'self'",
            ["style-src"] = "'self'",
            ["connect-src"] = "'self'",
            ["frame-ancestors"] = "'none'",
            ["base-uri"] = "'none'",
        });
        policy.Should().NotContain("unsafe-inline").And.NotContain("unsafe-eval").And.NotContain("http");
        response.Headers.GetValues("X-Content-Type-Options").Should().Equal("nosniff");
    }

    [Fact]
    public async Task Page_ReferencesOnlyItsOwnSameOriginAssets()
    {
        var html = await PageAsync("/audit");

        var references = ReferenceAttribute().Matches(html).Select(match => match.Groups["url"].Value).ToList();
        references.Should().BeEquivalentTo(["/audit/assets/viewer.css", "/audit/assets/chart.js", "/audit/assets/viewer.js", "/audit/assets/review.js"]);
        html.Should().NotContain("//", "no absolute or protocol-relative URL may appear");
    }

    [Fact]
    public async Task Page_HasNoInlineScriptStyleOrEventHandlers()
    {
        var html = await PageAsync("/audit");

        ScriptElement().Matches(html).Should().OnlyContain(script => script.Groups["body"].Value.Trim().Length == 0 && script.Value.Contains(" src=", StringComparison.Ordinal));
        html.Should().NotContainAny("<style", " style=", "javascript:");
        InlineHandler().IsMatch(html).Should().BeFalse();
    }

    [Fact]
    public async Task Page_HasTheStableIdsBrowserTestsDrive()
    {
        var html = await PageAsync("/audit");

        foreach (var id in new[]
        {
            "audit-app", "audit-export", "audit-filter-type", "audit-filter-user", "audit-filter-user-field", "audit-filter-range",
            "audit-filter-from", "audit-filter-to", "audit-search", "audit-status", "audit-rows", "audit-empty", "audit-load-more",
        })
        {
            html.Should().Contain($"id=\"{id}\"").And.Contain($"data-testid=\"{id}\"");
        }

        html.Should().ContainAll(">User</th>", ">Action</th>", ">Resource</th>", ">IP Address</th>", ">Time</th>");
        html.Should().ContainAll("Last 24 hours", "Last 7 days", "Last 30 days", "Custom", "Load more", "Export");
        foreach (var id in new[]
        {
            "audit-export-csv", "audit-export-jsonl", "audit-export-ocsf", "audit-zone", "audit-more", "audit-filter-outcome",
            "audit-filter-action", "audit-filter-resource-type", "audit-filter-resource-id", "audit-filter-ip",
            "audit-filter-correlation", "audit-details", "audit-details-close",
        })
        {
            html.Should().Contain($"id=\"{id}\"").And.Contain($"data-testid=\"{id}\"");
        }
    }

    [Fact]
    public async Task Page_UnderAPathBase_PointsItsAssetsAndApiThere()
    {
        await using var app = await TestApp.StartAsync(options => options.PathBase = "/ops");

        using var response = await app.GetAsync("/ops/audit", TestUser.Alice);
        var html = await response.Content.ReadAsStringAsync();

        html.Should().Contain("data-base=\"/ops/audit\"").And.Contain("src=\"/ops/audit/assets/viewer.js\"");
        (await app.GetAsync("/ops/audit/assets/viewer.js")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Page_InAHostLayout_PlacesTheViewerInTheHostsChromeUnderTheSamePolicy()
    {
        const string layout = """
            <!DOCTYPE html>
            <html lang="en"><head><title>Acme Admin</title><link rel="stylesheet" href="/site.css">{{audit-head}}</head>
            <body><nav id="host-nav">Acme</nav>{{audit-viewer}}<footer id="host-footer">(c) Acme</footer></body></html>
            """;
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.ViewerLayout = layout);

        using var response = await app.GetAsync("/audit", TestUser.Alice);
        var html = await response.Content.ReadAsStringAsync();

        html.Should().Contain("<title>Acme Admin</title>").And.Contain("<nav id=\"host-nav\">Acme</nav>").And.Contain("id=\"host-footer\"");
        html.Should().Contain("<script type=\"module\" src=\"/audit/assets/viewer.js\"></script>").And.Contain("data-base=\"/audit\"");
        html.IndexOf("id=\"host-nav\"", StringComparison.Ordinal).Should().BeLessThan(html.IndexOf("id=\"audit-app\"", StringComparison.Ordinal));
        html.Should().NotContain("{{");
        response.Headers.GetValues("Content-Security-Policy").Single().Should().Be(AuditViewerAssets.ContentSecurityPolicy);
    }

    [Fact]
    public async Task Assets_AnUnknownFile_IsNotFound_AndThePageFragmentsAreNotServedAlone()
    {
        (await _app.GetAsync("/audit/assets/nothing.js")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _app.GetAsync("/audit/assets/viewer.html")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await _app.GetAsync("/audit/assets/index.html")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Modules_EveryImportIsAServedFileOfItsOwn()
    {
        foreach (var (name, script) in await ScriptsAsync())
        {
            foreach (Match import in ImportStatement().Matches(script))
            {
                AuditViewerAssets.Files.Should().ContainKey(import.Groups["file"].Value, $"{name} imports it");
            }
        }
    }

    [Theory]
    [InlineData("/audit/assets/viewer.js", "text/javascript")]
    [InlineData("/audit/assets/viewer.css", "text/css")]
    [InlineData("/audit/assets/chart.js", "text/javascript")]
    [InlineData("/audit/assets/review.js", "text/javascript")]
    [InlineData("/audit/assets/strings.js", "text/javascript")]
    [InlineData("/audit/assets/details.js", "text/javascript")]
    public async Task Assets_AreServedWithTheirTypeAndRevalidate(string url, string mediaType)
    {
        using var response = await _app.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(mediaType);
        var etag = response.Headers.ETag!;

        using var again = await _app.GetAsync(url, configure: request => request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag)));
        again.StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    /// <summary>
    /// If-None-Match compares weakly (RFC 9110, 13.1.2): a proxy that compresses the asset makes its tag weak, and a
    /// browser sends the tags it holds as one list; either still matches. <c>*</c> matches any current asset.
    /// </summary>
    [Theory]
    [InlineData("W/{0}", HttpStatusCode.NotModified)]
    [InlineData("\"other\", {0}", HttpStatusCode.NotModified)]
    [InlineData("\"other\",W/{0}", HttpStatusCode.NotModified)]
    [InlineData("*", HttpStatusCode.NotModified)]
    [InlineData("\"other\"", HttpStatusCode.OK)]
    [InlineData("W/\"other\"", HttpStatusCode.OK)]
    [InlineData("not a tag", HttpStatusCode.OK)]
    public async Task Assets_IfNoneMatch_ComparesWeaklyAndReadsLists(string header, HttpStatusCode expected)
    {
        const string url = "/audit/assets/viewer.js";
        using var response = await _app.GetAsync(url);
        var tag = response.Headers.ETag!.Tag;

        using var again = await _app.GetAsync(url, configure: request =>
            request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(CultureInfo.InvariantCulture, header, tag)));

        again.StatusCode.Should().Be(expected);
        again.Headers.ETag!.Tag.Should().Be(tag);
    }

    [Fact]
    public async Task Script_RendersDataAsTextNeverAsMarkup()
    {
        var scripts = await ScriptsAsync();
        string.Concat(scripts.Values).Should().Contain(".textContent");
        foreach (var script in scripts.Values)
        {
            script.Should().NotContainAny("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setAttribute('style'");
            // The SVG namespace is a name, not an address: createElementNS needs it and nothing is fetched from it.
            var addresses = script.Replace("'http://www.w3.org/2000/svg'", string.Empty, StringComparison.Ordinal);
            addresses.Should().NotContain("http:").And.NotContain("https:");
        }
    }

    [Fact]
    public async Task Script_CallsOnlyTheApiUnderItsBase()
    {
        var script = string.Concat((await ScriptsAsync()).Values);

        script.Should().Contain("getAttribute('data-base')");
        script.Should().ContainAll("'/events?'", "'/events/'", "'/facets'", "'/export.'");
        script.Should().ContainAll("csv:", "jsonl:", "'ocsf.jsonl':");
    }

    [Fact]
    public async Task ReviewScript_CallsOnlyTheReviewApiUnderItsBase()
    {
        var script = await (await _app.GetAsync("/audit/assets/review.js")).Content.ReadAsStringAsync();

        script.Should().Contain("apiBase(ui.app)");
        script.Should().ContainAll("'/review?'", "'/review.md?'", "'/review.csv?'");
    }

    [Fact]
    public async Task Api_ProvidesEveryFieldTheReviewScriptReads()
    {
        var review = new FakeAuditReview(FakeAuditReview.Finding("f-1", AuditFindingSeverity.High, "Burst", "acme", Guid.CreateVersion7()));
        await using var app = await TestApp.StartAsync(options => options.Services = services =>
            Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<IAuditReview>(services, review));
        var script = await (await app.GetAsync("/audit/assets/review.js")).Content.ReadAsStringAsync();
        var report = await app.GetJsonAsync("/audit/api/review", TestUser.Admin);

        ShouldHaveEveryField(report, Fields(script, @"\breport\.(\w+)"));
        ShouldHaveEveryField(report.GetProperty("findings")[0], Fields(script, @"\bfinding\.(\w+)"));
    }

    [Fact]
    public async Task Api_ProvidesEveryFieldTheScriptReads()
    {
        var logger = (IAuditLogger)_app.Services.GetService(typeof(IAuditLogger))!;
        await logger.LogAsync(new AuditEvent
        {
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Actor = AuditActor.User("alice", "Alice Smith"),
            Outcome = AuditOutcome.Failure,
            FailureReason = "conflict",
            Resource = new AuditResource("server", "web-01", "web-01"),
            Changes = [new AuditFieldChange("load_multiplier", "1.0", "1.5")],
            SourceIp = "192.0.2.1",
        });
        // The code that reads records; strings.js is the string table, whose keys ("change.changed") read like fields,
        // and chart.js reads the histogram (HistogramEndpointTests), not these objects.
        var script = string.Concat((await ScriptsAsync()).Where(file => file.Key is not "review.js" and not "strings.js" and not "chart.js").Select(file => file.Value));
        var page = await _app.GetJsonAsync("/audit/api/events?user=alice", TestUser.Admin);
        var facets = await _app.GetJsonAsync("/audit/api/facets", TestUser.Admin);
        var item = page.GetProperty("items")[0];

        ShouldHaveEveryField(page, Fields(script, @"\bpage\.(\w+)"));
        // Only the record read by id carries "chain", for an admin of every tenant (ChainPositionTests); it has every other field too.
        var single = await _app.GetJsonAsync("/audit/api/events/" + item.GetProperty("id").GetString(), TestUser.Admin);
        ShouldHaveEveryField(single, Fields(script, @"\brecord\.(\w+)"));
        ShouldHaveEveryField(item, Fields(script, @"\brecord\.(\w+)").Where(field => field != "chain"));
        ShouldHaveEveryField(item.GetProperty("actor"), Fields(script, @"\bactor\.(\w+)"));
        ShouldHaveEveryField(item.GetProperty("resource"), Fields(script, @"\bresource\.(\w+)"));
        ShouldHaveEveryField(item.GetProperty("changes")[0], Fields(script, @"\bchange\.(\w+)"));
        ShouldHaveEveryField(facets, Fields(script, @"\bfacets\.(\w+)"));
        ShouldHaveEveryField(facets.GetProperty("viewer"), Fields(script, @"\bviewer\.(\w+)"));
    }

    private static List<string> Fields(string script, string pattern)
    {
        // Not inside a string: 'change.changed' is a key of the string table, not a field.
        var fields = Regex.Matches(script, "(?<!')" + pattern).Select(match => match.Groups[1].Value).Distinct().ToList();
        fields.Should().NotBeEmpty(pattern);
        return fields;
    }

    private static void ShouldHaveEveryField(System.Text.Json.JsonElement element, IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            element.TryGetProperty(field, out _).Should().BeTrue($"the viewer reads '{field}' from {element}");
        }
    }

    /// <summary>Every script the viewer serves, by file name.</summary>
    private async Task<Dictionary<string, string>> ScriptsAsync()
    {
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in AuditViewerAssets.Files.Keys.Where(name => name.EndsWith(".js", StringComparison.Ordinal)))
        {
            using var response = await _app.GetAsync("/audit/assets/" + name);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            scripts[name] = await response.Content.ReadAsStringAsync();
        }

        scripts.Keys.Should().Contain(["viewer.js", "review.js", "strings.js", "i18n.js", "format.js", "urlstate.js", "filters.js", "table.js", "details.js"]);
        return scripts;
    }

    private async Task<string> PageAsync(string url)
    {
        using var response = await _app.GetAsync(url, TestUser.Alice);
        return await response.Content.ReadAsStringAsync();
    }

    private static Dictionary<string, string> Directives(string policy) =>
        policy.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(directive => directive.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : string.Empty);

    [GeneratedRegex(@"\b(?:src|href)=""(?<url>[^""]*)""")]
    private static partial Regex ReferenceAttribute();

    [GeneratedRegex(@"<script\b[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptElement();

    [GeneratedRegex(@"^import .* from '\./(?<file>[a-z0-9.]+)';$", RegexOptions.Multiline)]
    private static partial Regex ImportStatement();

    [GeneratedRegex(@"\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
