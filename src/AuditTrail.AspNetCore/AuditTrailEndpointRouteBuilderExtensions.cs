using System.Diagnostics.CodeAnalysis;
using AuditTrail;
using AuditTrail.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the audit trail's HTTP API and viewer page.</summary>
public static class AuditTrailEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: the viewer page (<c>GET {prefix}</c>) with its scripts and style sheet
    /// (<c>{prefix}/assets/*</c>, in a host's layout if <c>AuditTrailAspNetCoreOptions.ViewerLayout</c> is set), and the JSON API: <c>GET {prefix}/api/events</c>, <c>{prefix}/api/events/{id}</c>,
    /// <c>{prefix}/api/facets</c>, <c>{prefix}/api/histogram</c>, <c>{prefix}/api/count</c> (exact, or capped with <c>atMost</c> and limited in time with <c>timeLimitMs</c>), <c>{prefix}/api/export.csv</c>, <c>{prefix}/api/export.jsonl</c>, <c>{prefix}/api/export.ocsf.jsonl</c> and, for admins,
    /// <c>{prefix}/api/verify</c> (the integrity report of <see cref="IAuditVerifier"/>) and <c>{prefix}/api/review</c> with its
    /// digests <c>{prefix}/api/review.md</c> and <c>{prefix}/api/review.csv</c> (the findings of <see cref="IAuditReview"/>, when
    /// the review is registered). <c>api/events?ids=…</c> reads up to 100 records by id, such as a finding's evidence.
    /// The API answers 401 without an authenticated user, with problem details, also when the group requires
    /// authorization and the host's default challenge would redirect to a login page (403 likewise); an admin (see
    /// <c>AuditTrailAspNetCoreOptions.AdminRoles</c> and <c>AdminPolicy</c>) reads every record, anybody else only
    /// their own. Every read is itself recorded as an <see cref="AuditActionType.Access"/> event. A browser's request
    /// that another site made (<c>Sec-Fetch-Site</c> other than <c>same-origin</c> or <c>none</c>, or a foreign
    /// <c>Origin</c>) gets a 403 from the API, read or write, before anything is recorded by the read; the viewer page
    /// may be linked from anywhere.
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">The route prefix, for example <c>/audit</c>.</param>
    /// <returns>The route group, to add <c>RequireAuthorization</c>, rate limiting or other conventions to.</returns>
    /// <exception cref="InvalidOperationException"><c>services.AddAuditTrail().AddAspNetCore()</c> was not called.</exception>
    public static RouteGroupBuilder MapAuditTrail(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        AuditTrailServicesCheck.EnsureRegistered(endpoints.ServiceProvider, "app.MapAuditTrail()", typeof(IAuditReader));

        var handlers = endpoints.ServiceProvider.GetRequiredService<AuditApiHandlers>();
        var group = endpoints.MapGroup(prefix);
        group.WithMetadata(AuditTrailEndpointMetadata.Instance);

        group.MapGet("/", NoSniff(AuditViewerAssets.WritePageAsync));
        group.MapGet(AuditViewerAssets.AssetRoute, NoSniff(AuditViewerAssets.WriteAssetAsync));

        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("AuditTrail.AspNetCore.Api");
        RequestDelegate Api(RequestDelegate handler) => NoSniff(AuditApiStoreUnavailable.Guard(handler, logger));

        // A read records an access entry in the reader's name: another site must not be able to write one by a link.
        RequestDelegate Read(RequestDelegate handler) => Api(AuditApiCrossSiteReads.Guard(handler, logger));
        var api = group.MapGroup("api");
        api.WithMetadata(AuditApiEndpointMetadata.Instance);
        api.MapGet("events", Read(handlers.ListAsync));
        api.MapGet("events/{" + AuditApiParameters.Id + "}", Read(handlers.GetAsync));
        api.MapGet("facets", Read(handlers.FacetsAsync));
        api.MapGet("histogram", Read(handlers.HistogramAsync));
        api.MapGet("count", Read(handlers.CountAsync));
        api.MapGet("export.csv", Read(context => handlers.ExportAsync(context, AuditExportFormat.Csv)));
        api.MapGet("export.jsonl", Read(context => handlers.ExportAsync(context, AuditExportFormat.JsonLines)));
        api.MapGet("export.ocsf.jsonl", Read(context => handlers.ExportAsync(context, AuditExportFormat.Ocsf)));
        api.MapGet("verify", Read(handlers.VerifyAsync));
        api.MapGet("review", Read(context => handlers.ReviewAsync(context, AuditReviewFormat.Json)));
        api.MapGet("review.md", Read(context => handlers.ReviewAsync(context, AuditReviewFormat.Markdown)));
        api.MapGet("review.csv", Read(context => handlers.ReviewAsync(context, AuditReviewFormat.Csv)));
        api.MapGet("holds", Read(handlers.ListHoldsAsync));
        api.MapPost("holds", Api(handlers.PlaceHoldAsync));
        api.MapPost("holds/{" + AuditApiParameters.Id + "}/release", Api(handlers.ReleaseHoldAsync));
        return group;
    }

    /// <summary>
    /// Every answer of the audit surface, problem details and errors included, tells browsers not to guess its type:
    /// set as the headers go out, so neither a handler's path nor a <c>Response.Clear()</c> on the way can lose it.
    /// </summary>
    private static RequestDelegate NoSniff(RequestDelegate handler) => context =>
    {
        context.Response.OnStarting(
            static state =>
            {
                ((HttpResponse)state).Headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            },
            context.Response);
        return handler(context);
    };
}
