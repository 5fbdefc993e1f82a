using AuditTrail.AspNetCore.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>Every answer of every route <c>MapAuditTrail()</c> maps carries <c>X-Content-Type-Options: nosniff</c>.</summary>
public sealed class ResponseHeaderTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryAuditRoute_EveryKindOfAnswer_SaysNoSniff()
    {
        var routes = AuditRoutes();
        routes.Should().HaveCountGreaterThanOrEqualTo(9, "the viewer page, its two assets and six API routes are mapped");

        var statuses = new HashSet<int>();
        foreach (var (method, route) in routes)
        {
            // Success, 401 (anonymous), 403 or 404 (a user), and 400 (a bad parameter): each path out of a handler.
            foreach (var (url, user) in new (string, TestUser?)[]
            {
                (route, TestUser.Admin),
                (route, null),
                (route, TestUser.Alice),
                (route + (route.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "type=Bogus&from=soon", TestUser.Admin),
            })
            {
                using var response = await _app.SendAsync(method, url, user);
                statuses.Add((int)response.StatusCode);
                response.Headers.TryGetValues("X-Content-Type-Options", out var values)
                    .Should().BeTrue($"{method} {url} as {user?.Id ?? "nobody"} answered {(int)response.StatusCode} without the header");
                values.Should().Equal("nosniff");
            }
        }

        statuses.Should().Contain([200, 400, 401, 403], "the test must reach the success and the problem-details paths");
    }

    /// <summary>The method and URL of every endpoint with the audit trail's metadata, read from the app's route table.</summary>
    private List<(HttpMethod Method, string Url)> AuditRoutes()
    {
        var sources = _app.Services.GetServices<EndpointDataSource>();
        return sources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<AuditTrailEndpointMetadata>() is not null)
            .Select(endpoint => (
                new HttpMethod(endpoint.Metadata.GetMetadata<HttpMethodMetadata>() is { HttpMethods.Count: > 0 } methods ? methods.HttpMethods[0] : "GET"),
                "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/')
                    .Replace("{" + AuditApiParameters.Id + "}", Guid.NewGuid().ToString(), StringComparison.Ordinal)))
            .Distinct()
            .ToList();
    }
}
