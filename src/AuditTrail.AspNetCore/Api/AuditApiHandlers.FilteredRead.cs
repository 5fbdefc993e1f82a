using Microsoft.AspNetCore.Http;

namespace AuditTrail.AspNetCore;

/// <summary>The start of a read over the filters of <c>api/events</c> without paging (<c>api/count</c>, <c>api/histogram</c>).</summary>
internal sealed partial class AuditApiHandlers
{
    /// <summary>
    /// Keeps the answer out of caches, resolves the viewer and parses the filters: the viewer and the request, or the
    /// answer that ends the read (a challenge or refusal, or a bad request naming the parameter); the request is null
    /// exactly when the failure is not.
    /// </summary>
    private async Task<(AuditViewerResolution Who, AuditApiRequest? Request, IResult? Failure)> BeginFilteredReadAsync(HttpContext httpContext)
    {
        PreventCaching(httpContext);
        var who = await viewers.ResolveAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return (who, null, who.Failure);
        }

        var request = AuditApiQueryParser.Parse(httpContext.Request.Query, paging: false, SourceIps(httpContext), out var error);
        return request is null ? (who, null, BadRequest(error!)) : (who, request, null);
    }

    /// <summary>
    /// Records a read over filters: as a filter outside the viewer's scope (<paramref name="outsideScope"/>) when it named
    /// other people, otherwise as <see cref="AuditActions.AuditQueried"/> (<paramref name="queried"/>).
    /// </summary>
    private Task RecordFilteredReadAsync(
        HttpContext httpContext, AuditViewerResolution who, AuditQuery query, string outsideScope, string queried, SortedDictionary<string, string> metadata) =>
        who.Viewer!.AsksOutsideScope(query, IncludeRecordsAboutViewer(httpContext))
            ? RecordFilterOutsideScopeAsync(httpContext, who, outsideScope, metadata)
            : RecordAsync(httpContext, who, AuditActions.AuditQueried, new AuditResource(AuditLogResourceType, null, null), queried, metadata);
}
