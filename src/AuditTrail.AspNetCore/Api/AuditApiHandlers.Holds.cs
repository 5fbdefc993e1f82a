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
    /// <summary>The list's parameter that adds released holds: <c>true</c> or <c>false</c>.</summary>
    public const string IncludeReleasedParameter = "includeReleased";

    /// <summary>The failure reason of a request refused as cross-site.</summary>
    public const string CrossSiteReason = "cross-site request";

    /// <summary>What a problem about the hold's body calls the part it names.</summary>
    private const string BodyField = "field";

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

        if (!TryParseIncludeReleased(httpContext.Request.Query, out var includeReleased, out var error))
        {
            return BadRequest(error!);
        }

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

        if (await RefuseCrossSiteAsync(httpContext, who, "place a legal hold").ConfigureAwait(false) is { } refused)
        {
            return refused;
        }

        if (!AuditApiRequestOrigin.IsJson(httpContext.Request))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type",
                detail: $"The body of a hold must be sent as Content-Type: application/json, not '{httpContext.Request.ContentType}'.",
                extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["parameter"] = "Content-Type" });
        }

        AuditHoldRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(httpContext.Request.Body, AuditApiJsonContext.Default.AuditHoldRequest, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException exception)
        {
            return BadRequest(HoldBodyError(exception), BodyField);
        }

        if (request is null)
        {
            return BadRequest(new AuditApiParameterError("body", "The body must be a JSON object with reason and at least one of tenantId, actorId, from, until."), BodyField);
        }

        // Read as the list's from and to are: no offset means UTC, never the server's zone.
        if (!TryHoldInstant(request.From, "from", out var from, out var timeError)
            || !TryHoldInstant(request.Until, "until", out var until, out timeError))
        {
            return BadRequest(timeError!, BodyField);
        }

        var tenant = who.Viewer!.TenantId;
        if (tenant is not null && request.TenantId is not null && !string.Equals(request.TenantId, tenant, StringComparison.Ordinal))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "A tenant admin places holds on their own tenant only.");
        }

        var scope = new AuditLegalHoldScope { TenantId = request.TenantId ?? tenant, ActorId = request.ActorId, From = from, Until = until };
        try
        {
            var hold = await Holds(httpContext).PlaceAsync(scope, request.Reason ?? "", who.Actor!, CancellationToken.None).ConfigureAwait(false);
            return TypedResults.Json(hold, AuditApiJsonContext.Default.AuditLegalHold, statusCode: StatusCodes.Status201Created);
        }
        catch (ArgumentException exception) when (exception.ParamName is "scope" or "reason" || exception.ParamName?.StartsWith("scope.", StringComparison.Ordinal) == true)
        {
            return BadRequest(new AuditApiParameterError(HoldField(exception.ParamName!), HoldMessage(exception)), BodyField);
        }
    }

    private async Task<IResult> ReleaseHoldCoreAsync(HttpContext httpContext)
    {
        var who = await ResolveAdminAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        if (await RefuseCrossSiteAsync(httpContext, who, "release a legal hold").ConfigureAwait(false) is { } refused)
        {
            return refused;
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

    /// <summary>
    /// A 403, recorded as an authorization failure, when another site made the request (<see cref="AuditApiRequestOrigin"/>):
    /// an admin's browser would otherwise place or release a hold for any page that posts to this route.
    /// </summary>
    private async Task<IResult?> RefuseCrossSiteAsync(HttpContext httpContext, AuditViewerResolution who, string attempt)
    {
        if (AuditApiRequestOrigin.CrossSiteReason(httpContext.Request) is not { } reason)
        {
            return null;
        }

        var metadata = Metadata(who, "holds", new Dictionary<string, string>());
        metadata["status"] = StatusCodes.Status403Forbidden.ToString(System.Globalization.CultureInfo.InvariantCulture);
        metadata["refused_because"] = reason;
        await RecordAsync(
            httpContext,
            who,
            AuditAspNetCoreActions.AuthorizationFailed,
            new AuditResource(AuditLogResourceType, null, null),
            $"Refused a cross-site request to {attempt}",
            metadata,
            AuditActionType.Security,
            CrossSiteReason).ConfigureAwait(false);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: $"Cross-site request refused ({reason}): legal holds are placed and released from this application's own pages or by a client that is not a browser.");
    }

    private static bool TryHoldInstant(string? value, string field, out DateTimeOffset? instant, out AuditApiParameterError? error)
    {
        instant = null;
        error = null;
        if (value is null)
        {
            return true;
        }

        if (AuditApiInstant.TryParse(value, out instant, out var problem))
        {
            return true;
        }

        error = new AuditApiParameterError(field, $"'{field}': {problem}");
        return false;
    }

    private static bool TryParseIncludeReleased(IQueryCollection query, out bool includeReleased, out AuditApiParameterError? error)
    {
        includeReleased = false;
        error = AuditApiUnexpectedParameters.Find(query, "the list of holds", IncludeReleasedParameter);
        if (error is not null)
        {
            return false;
        }

        if (!query.TryGetValue(IncludeReleasedParameter, out var raw) || string.IsNullOrEmpty(raw.ToString()))
        {
            return true;
        }

        if (raw.Count == 1 && bool.TryParse(raw.ToString(), out includeReleased))
        {
            return true;
        }

        error = new AuditApiParameterError(IncludeReleasedParameter, $"'{IncludeReleasedParameter}' must be 'true' or 'false', given once.");
        return false;
    }

    /// <summary>The body's field a JSON error is about, by its path (<c>$.from</c>), with what the field takes; or the body as a whole.</summary>
    private static AuditApiParameterError HoldBodyError(JsonException exception)
    {
        // A syntax error (the reader's, as the inner exception) is about the body, wherever it stopped.
        var field = exception.InnerException is not JsonException && exception.Path is { } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        return field switch
        {
            "from" or "until" => new AuditApiParameterError(field, $"'{field}' must be an ISO 8601 date and time as a JSON string, for example \"2026-01-01T00:00:00Z\"."),
            "tenantId" or "actorId" or "reason" => new AuditApiParameterError(field, $"'{field}' must be a JSON string."),
            _ => new AuditApiParameterError("body", $"The body is not a JSON object of a hold (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}): it takes reason and at least one of tenantId, actorId, from, until."),
        };
    }

    /// <summary>The core's message with its argument names (<c>scope.ActorId</c>, <c>placedBy.Id</c>) as the body's fields, and without the parameter suffix .NET appends.</summary>
    private static string HoldMessage(ArgumentException exception)
    {
        var message = ClientMessage(exception);
        foreach (var argument in new[] { "scope.TenantId", "scope.ActorId", "scope.From", "scope.Until" })
        {
            message = message.Replace(argument, $"'{HoldField(argument)}'", StringComparison.Ordinal);
        }

        return message;
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
/// <remarks><see cref="From"/> and <see cref="Until"/> are text, read as the list's <c>from</c> and <c>to</c> are (no offset means UTC): a JSON reader would take a time without an offset in the server's zone.</remarks>
internal sealed record AuditHoldRequest(string? TenantId, string? ActorId, string? From, string? Until, string? Reason);
