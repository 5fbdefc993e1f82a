using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore;

/// <summary>
/// The handlers of the HTTP API. Each derives the viewer from the authenticated user, reads only through
/// <see cref="IAuditReader"/> (which scopes every read), and records exactly one event per read: an
/// <see cref="AuditActionType.Access"/> event, or an <see cref="AuditAspNetCoreActions.AuthorizationFailed"/> event
/// when the request reached outside the viewer's scope (a foreign cursor, an actor filter naming someone else, or,
/// for a viewer who is not an admin, an id the reader did not return).
/// </summary>
internal sealed partial class AuditApiHandlers(AuditViewerResolver viewers, AuditPrincipalReader principals, TimeProvider time)
{
    public const string AuditLogResourceType = "audit_log";
    public const string AuditEventResourceType = "audit_event";

    /// <summary>The failure reason of a refused paging cursor.</summary>
    public const string CursorRejectedReason = "cursor rejected";

    /// <summary>The failure reason of a lookup by id, by a viewer who is not an admin, that the reader did not return.</summary>
    public const string RecordNotVisibleReason = "record not visible to the viewer";

    /// <summary>The failure reason of a list or export whose filter names actors or tenants outside the viewer's scope.</summary>
    public const string FilterOutsideScopeReason = "filter outside the viewer's scope";

    /// <summary>The core names the invalid property as a path: <c>query.Cursor</c>.</summary>
    private const string QueryPrefix = "query.";

    public async Task ListAsync(HttpContext httpContext)
    {
        var result = await ListCoreAsync(httpContext).ConfigureAwait(false);
        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    private async Task<IResult> ListCoreAsync(HttpContext httpContext)
    {
        PreventCaching(httpContext);
        var who = await viewers.ResolveAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        if (httpContext.Request.Query.ContainsKey(AuditApiParameters.Ids))
        {
            return await ListByIdsCoreAsync(httpContext, who).ConfigureAwait(false);
        }

        var request = AuditApiQueryParser.Parse(httpContext.Request.Query, paging: true, SourceIps(httpContext), out var error);
        if (request is null)
        {
            return BadRequest(error!);
        }

        AuditPage page;
        try
        {
            page = await Reader(httpContext).QueryAsync(who.Viewer, request.Query, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentException exception) when (IsQueryError(exception))
        {
            var rejected = FromReader(exception);
            if (rejected.Parameter == AuditApiParameters.Cursor)
            {
                await RecordRejectedCursorAsync(httpContext, who, request.FilterMetadata).ConfigureAwait(false);
            }

            return BadRequest(rejected);
        }

        var metadata = Metadata(who, "events", request.FilterMetadata);
        metadata["records"] = page.Items.Count.ToString(CultureInfo.InvariantCulture);
        metadata["page"] = request.Query.Cursor is null ? "first" : "next";
        if (request.Query.Limit is { } limit)
        {
            metadata["limit"] = limit.ToString(CultureInfo.InvariantCulture);
        }

        await RecordFilteredReadAsync(
            httpContext, who, request.Query, $"Asked for other users' audit records; viewed {page.Items.Count} of their own", $"Viewed {AuditApiWording.Records(page.Items.Count)}", metadata).ConfigureAwait(false);

        return TypedResults.Json(
            new AuditPageResponse(page.Items, page.NextCursor),
            AuditApiJsonContext.Default.AuditPageResponse);
    }

    public async Task GetAsync(HttpContext httpContext)
    {
        var id = httpContext.Request.RouteValues[AuditApiParameters.Id] as string ?? string.Empty;
        var result = await GetCoreAsync(httpContext, id).ConfigureAwait(false);
        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    private async Task<IResult> GetCoreAsync(HttpContext httpContext, string id)
    {
        PreventCaching(httpContext);
        var who = await viewers.ResolveAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        if (!Guid.TryParse(id, out var eventId))
        {
            return BadRequest(new AuditApiParameterError(AuditApiParameters.Id, $"'{AuditApiParameters.Id}': '{id}' is not an event id (a GUID)."));
        }

        if (AuditApiUnexpectedParameters.Find(httpContext.Request.Query, "a record's page") is { } unexpected)
        {
            return BadRequest(unexpected);
        }

        var record = await Reader(httpContext).GetAsync(who.Viewer, eventId, httpContext.RequestAborted).ConfigureAwait(false);
        var metadata = Metadata(who, "event", new Dictionary<string, string>());
        var resource = new AuditResource(AuditEventResourceType, eventId.ToString("D"), null);
        if (record is null && !who.Viewer!.IsAdmin)
        {
            // A viewer who is not an admin reached for an id they cannot see: someone else's, or one that exists
            // nowhere. Both are recorded alike (only the id differs), because the requester can read this record in
            // their own trail and must not learn from it which ids exist.
            metadata["status"] = StatusCodes.Status404NotFound.ToString(CultureInfo.InvariantCulture);
            await RecordAsync(
                httpContext,
                who,
                AuditAspNetCoreActions.AuthorizationFailed,
                resource,
                $"Looked up audit record {eventId:D}, which the viewer may not see or which does not exist",
                metadata,
                AuditActionType.Security,
                RecordNotVisibleReason).ConfigureAwait(false);
        }
        else
        {
            // A read: a record found, or an admin's lookup that finds nothing, which names the id that was asked for.
            metadata["found"] = record is null ? "false" : "true";
            await RecordAsync(
                httpContext,
                who,
                AuditActions.AuditQueried,
                resource,
                record is null ? $"Looked up audit record {eventId:D} (not found)" : $"Viewed audit record {eventId:D}",
                metadata).ConfigureAwait(false);
        }

        // Missing and out of scope get the same answer, so the answer tells nothing about other people's records.
        return record is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No such audit record.")
            : await RecordResultAsync(httpContext, who.Viewer!, record).ConfigureAwait(false);
    }

    public async Task FacetsAsync(HttpContext httpContext)
    {
        var result = await FacetsCoreAsync(httpContext).ConfigureAwait(false);
        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    private async Task<IResult> FacetsCoreAsync(HttpContext httpContext)
    {
        PreventCaching(httpContext);
        var who = await viewers.ResolveAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        if (AuditApiUnexpectedParameters.Find(httpContext.Request.Query, "the filter values") is { } unexpected)
        {
            return BadRequest(unexpected);
        }

        var facets = await Reader(httpContext).GetFacetsAsync(who.Viewer, httpContext.RequestAborted).ConfigureAwait(false);
        var metadata = Metadata(who, "facets", new Dictionary<string, string>());
        metadata["actors"] = facets.Actors.Count.ToString(CultureInfo.InvariantCulture);

        await RecordAsync(
            httpContext,
            who,
            AuditActions.AuditQueried,
            new AuditResource(AuditLogResourceType, null, null),
            "Viewed the audit filter values",
            metadata).ConfigureAwait(false);

        return TypedResults.Json(
            new AuditFacetsResponse(
                facets.Actors,
                facets.ActionTypes,
                facets.Actions,
                new AuditViewerResponse(
                    who.Viewer!.Id,
                    who.Actor!.DisplayName,
                    who.Viewer.IsAdmin,
                    who.Viewer.IsAdmin && httpContext.RequestServices.GetRequiredService<IServiceProviderIsService>().IsService(typeof(IAuditReview)))),
            AuditApiJsonContext.Default.AuditFacetsResponse);
    }

    public async Task ExportAsync(HttpContext httpContext, AuditExportFormat format)
    {
        var result = await ExportCoreAsync(httpContext, format).ConfigureAwait(false);
        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    private async Task<IResult> ExportCoreAsync(HttpContext httpContext, AuditExportFormat format)
    {
        PreventCaching(httpContext);
        var who = await viewers.ResolveAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        var request = AuditApiQueryParser.Parse(httpContext.Request.Query, paging: false, SourceIps(httpContext), out var error);
        if (request is null)
        {
            return BadRequest(error!);
        }

        var (extension, contentType, label) = format switch
        {
            AuditExportFormat.Csv => ("csv", "text/csv; charset=utf-8", "CSV"),
            AuditExportFormat.JsonLines => ("jsonl", "application/jsonl; charset=utf-8", "JSON Lines"),
            AuditExportFormat.Ocsf => ("ocsf.jsonl", "application/jsonl; charset=utf-8", "OCSF JSON Lines"),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown export format."),
        };

        bool outsideScope;
        try
        {
            outsideScope = who.Viewer!.AsksOutsideScope(request.Query, IncludeRecordsAboutViewer(httpContext));
        }
        catch (ArgumentException exception) when (IsQueryError(exception))
        {
            // The reader would refuse this query too; nothing is read, so nothing is recorded.
            return BadRequest(FromReader(exception));
        }

        var metadata = Metadata(who, "export", request.FilterMetadata);
        metadata["format"] = extension;

        // The export holds the records that occurred before it started: its count, which the review uses to tell a bulk
        // export (AuditDetectors.BulkExport), is then what it holds, and its own record, written next, is not in it.
        var startedAt = time.GetUtcNow();
        var end = request.Query.From is { } start && start > startedAt ? start : startedAt;
        var query = request.Query.To is { } to && to <= end ? request.Query : request.Query with { To = end };
        var count = await Reader(httpContext).CountAsync(who.Viewer, query, httpContext.RequestAborted).ConfigureAwait(false);
        metadata["count"] = count.ToString(CultureInfo.InvariantCulture);

        // Recorded before the first byte leaves: an export that is cut off half way has still disclosed data.
        if (outsideScope)
        {
            await RecordFilterOutsideScopeAsync(
                httpContext,
                who,
                $"Asked to export other users' audit records as {label}; exported their own",
                metadata).ConfigureAwait(false);
        }
        else
        {
            await RecordAsync(
                httpContext,
                who,
                AuditActions.AuditExported,
                new AuditResource(AuditLogResourceType, null, null),
                $"Exported audit records as {label}",
                metadata).ConfigureAwait(false);
        }

        var response = httpContext.Response;
        var fileName = string.Create(CultureInfo.InvariantCulture, $"audit-{time.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.{extension}");
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            await Reader(httpContext)
                .ExportAsync(who.Viewer, query, format, response.Body, httpContext.RequestAborted)
                .ConfigureAwait(false);
        }
        catch (ArgumentException exception) when (!response.HasStarted && IsQueryError(exception))
        {
            response.Clear();
            PreventCaching(httpContext);
            return BadRequest(FromReader(exception));
        }

        return TypedResults.Empty;
    }

    private static IAuditReader Reader(HttpContext httpContext) =>
        httpContext.RequestServices.GetRequiredService<IAuditReader>();

    private static bool IncludeRecordsAboutViewer(HttpContext httpContext) =>
        httpContext.RequestServices.GetRequiredService<IOptions<AuditTrailOptions>>().Value.IncludeRecordsAboutViewer;

    private static IAuditSourceIpPseudonymizer SourceIps(HttpContext httpContext) =>
        httpContext.RequestServices.GetRequiredService<IAuditSourceIpPseudonymizer>();

    private static void PreventCaching(HttpContext httpContext) =>
        httpContext.Response.Headers.CacheControl = "no-store";

    private static SortedDictionary<string, string> Metadata(
        AuditViewerResolution who, string endpoint, IReadOnlyDictionary<string, string> filter)
    {
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["endpoint"] = endpoint,
            ["scope"] = who.Viewer!.IsAdmin ? "all" : "own",
        };
        foreach (var (key, value) in filter)
        {
            metadata[key] = value;
        }

        return metadata;
    }

    /// <summary>
    /// A list or export whose filter names people outside the viewer's scope (<see cref="AuditViewer.AsksOutsideScope(AuditQuery, bool)"/>,
    /// for example <c>user=bob</c> from Alice) is an attempt to read their entries. The answer is the same as without
    /// the attempt (the reader keeps it to the viewer's own records), but the request is recorded as an authorization
    /// failure in place of the access record, with the same metadata.
    /// </summary>
    private Task RecordFilterOutsideScopeAsync(
        HttpContext httpContext, AuditViewerResolution who, string description, SortedDictionary<string, string> metadata)
    {
        metadata["status"] = StatusCodes.Status200OK.ToString(CultureInfo.InvariantCulture);
        return RecordAsync(
            httpContext,
            who,
            AuditAspNetCoreActions.AuthorizationFailed,
            new AuditResource(AuditLogResourceType, null, null),
            description,
            metadata,
            AuditActionType.Security,
            FilterOutsideScopeReason);
    }

    /// <summary>
    /// A cursor that fails its check was altered, or taken from another query or another viewer's response: an
    /// attempt to page outside what was asked, recorded as an authorization failure rather than as a read. The
    /// requester learns nothing from it they did not already know from the 400.
    /// </summary>
    private Task RecordRejectedCursorAsync(
        HttpContext httpContext, AuditViewerResolution who, IReadOnlyDictionary<string, string> filter)
    {
        var metadata = Metadata(who, "events", filter);
        metadata["status"] = StatusCodes.Status400BadRequest.ToString(CultureInfo.InvariantCulture);
        return RecordAsync(
            httpContext,
            who,
            AuditAspNetCoreActions.AuthorizationFailed,
            new AuditResource(AuditLogResourceType, null, null),
            "Refused a paging cursor that was altered or issued for another query or viewer",
            metadata,
            AuditActionType.Security,
            CursorRejectedReason);
    }

    private async Task RecordAsync(
        HttpContext httpContext,
        AuditViewerResolution who,
        string action,
        AuditResource resource,
        string description,
        IReadOnlyDictionary<string, string> metadata,
        AuditActionType actionType = AuditActionType.Access,
        string? failureReason = null)
    {
        // Without UseAuditTrail() there is no ambient context; the read is still recorded with where it came from.
        var ambient = httpContext.RequestServices.GetRequiredService<IAuditContextAccessor>().Current;
        var request = ambient is null ? AuditRequestContext.Create(httpContext, principals) : null;
        var logger = httpContext.RequestServices.GetRequiredService<IAuditLogger>();

        // The data is about to leave: the record must be written even if the client has gone meanwhile.
        await logger.LogAsync(
            new AuditEvent
            {
                Action = action,
                ActionType = actionType,
                Outcome = failureReason is null ? AuditOutcome.Success : AuditOutcome.Failure,
                FailureReason = failureReason,
                Actor = who.Actor,
                TenantId = who.Viewer!.TenantId,
                Resource = resource,
                Description = description,
                SourceIp = request?.SourceIp,
                UserAgent = request?.UserAgent,
                CorrelationId = request?.CorrelationId,
                Metadata = metadata,
            },
            CancellationToken.None).ConfigureAwait(false);
    }
}
