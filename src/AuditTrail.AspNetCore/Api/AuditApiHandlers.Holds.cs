using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore;

/// <summary>
/// <c>GET {prefix}/api/holds</c>, <c>POST {prefix}/api/holds</c> and <c>POST {prefix}/api/holds/{id}/release</c>:
/// admins only, through <see cref="IAuditLegalHolds"/> (which records placing and releasing). A tenant admin sees,
/// places and releases only holds scoped to their tenant.
/// </summary>
internal sealed partial class AuditApiHandlers
{
    public Task ListHoldsAsync(HttpContext httpContext) => ExecuteAsync(httpContext, ListHoldsCoreAsync);

    public Task PlaceHoldAsync(HttpContext httpContext) => ExecuteAsync(httpContext, PlaceHoldCoreAsync);

    public Task ReleaseHoldAsync(HttpContext httpContext) => ExecuteAsync(httpContext, ReleaseHoldCoreAsync);

    private static async Task ExecuteAsync(HttpContext httpContext, Func<HttpContext, Task<IResult>> handler)
    {
        var result = await handler(httpContext).ConfigureAwait(false);
        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    private async Task<IResult> ListHoldsCoreAsync(HttpContext httpContext)
    {
        var who = await ResolveAdminAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        var includeReleased = string.Equals(httpContext.Request.Query["includeReleased"], "true", StringComparison.OrdinalIgnoreCase);
        var holds = await Holds(httpContext).ListAsync(who.Viewer!.TenantId, includeReleased, httpContext.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(holds, AuditApiJsonContext.Default.IReadOnlyListAuditLegalHold);
    }

    private async Task<IResult> PlaceHoldCoreAsync(HttpContext httpContext)
    {
        var who = await ResolveAdminAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        AuditHoldRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(httpContext.Request.Body, AuditApiJsonContext.Default.AuditHoldRequest, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            return BadRequest(new AuditApiParameterError("body", $"The body is not a hold as JSON: {exception.Message}"));
        }

        if (request is null)
        {
            return BadRequest(new AuditApiParameterError("body", "The body must be a JSON object with reason and at least one of tenantId, actorId, from, until."));
        }

        var tenant = who.Viewer!.TenantId;
        if (tenant is not null && request.TenantId is not null && !string.Equals(request.TenantId, tenant, StringComparison.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "A tenant admin places holds on their own tenant only.");
        }

        var scope = new AuditLegalHoldScope { TenantId = request.TenantId ?? tenant, ActorId = request.ActorId, From = request.From, Until = request.Until };
        try
        {
            var hold = await Holds(httpContext).PlaceAsync(scope, request.Reason ?? "", who.Actor!, CancellationToken.None).ConfigureAwait(false);
            return TypedResults.Json(hold, AuditApiJsonContext.Default.AuditLegalHold, statusCode: StatusCodes.Status201Created);
        }
        catch (ArgumentException exception) when (exception.ParamName is "scope" or "reason" || exception.ParamName?.StartsWith("scope.", StringComparison.Ordinal) == true)
        {
            return BadRequest(new AuditApiParameterError(HoldField(exception.ParamName!), exception.Message));
        }
    }

    private async Task<IResult> ReleaseHoldCoreAsync(HttpContext httpContext)
    {
        var who = await ResolveAdminAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        var id = httpContext.Request.RouteValues[AuditApiParameters.Id] as string;
        if (!Guid.TryParse(id, out var holdId))
        {
            return BadRequest(new AuditApiParameterError(AuditApiParameters.Id, $"'{AuditApiParameters.Id}': '{id}' is not a hold id (a GUID)."));
        }

        var holds = Holds(httpContext);
        var visible = await holds.ListAsync(who.Viewer!.TenantId, includeReleased: true, httpContext.RequestAborted).ConfigureAwait(false);
        if (!visible.Any(hold => hold.Id == holdId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such legal hold.");
        }

        var released = await holds.ReleaseAsync(holdId, who.Actor!, CancellationToken.None).ConfigureAwait(false);
        return TypedResults.Json(released!, AuditApiJsonContext.Default.AuditLegalHold);
    }

    /// <summary>Who asks, uncached; a viewer who is not an admin gets a 403 as the resolution's failure.</summary>
    private async Task<AuditViewerResolution> ResolveAdminAsync(HttpContext httpContext)
    {
        PreventCaching(httpContext);
        var who = await viewers.ResolveAsync(httpContext).ConfigureAwait(false);
        return who.Failure is null && !who.Viewer!.IsAdmin
            ? who with { Failure = TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only admins may list, place or release legal holds.") }
            : who;
    }

    private static IAuditLegalHolds Holds(HttpContext httpContext) => httpContext.RequestServices.GetRequiredService<IAuditLegalHolds>();

    /// <summary>The core names <c>scope.TenantId</c>; the client sent <c>tenantId</c>.</summary>
    private static string HoldField(string argument) => argument switch
    {
        "scope.TenantId" => "tenantId",
        "scope.ActorId" => "actorId",
        "scope.From" => "from",
        "scope.Until" => "until",
        _ => argument,
    };
}

/// <summary>The JSON body of <c>POST api/holds</c>.</summary>
internal sealed record AuditHoldRequest(string? TenantId, string? ActorId, DateTimeOffset? From, DateTimeOffset? Until, string? Reason);
