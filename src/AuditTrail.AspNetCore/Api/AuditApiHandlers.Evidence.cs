using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AuditTrail.AspNetCore;

/// <summary>
/// <c>GET {prefix}/api/events?ids=…</c>: the records with these ids (a finding's evidence), each read through
/// <see cref="IAuditReader.GetAsync"/> and so scoped like every read, newest first, in one page. Up to
/// <see cref="AuditQuery.MaxListValues"/> ids, comma-separated or repeated, and no other filter or cursor. A viewer who
/// is not an admin and names an id the reader did not return is recorded as an authorization failure, as a lookup by
/// id is.
/// </summary>
internal sealed partial class AuditApiHandlers
{
    private async Task<IResult> ListByIdsCoreAsync(HttpContext httpContext, AuditViewerResolution who)
    {
        var query = httpContext.Request.Query;
        if (!TryParseIds(query, out var ids, out var error))
        {
            return BadRequest(error!);
        }

        var reader = Reader(httpContext);
        var records = new List<AuditRecord>(ids.Count);
        foreach (var id in ids)
        {
            if (await reader.GetAsync(who.Viewer, id, httpContext.RequestAborted).ConfigureAwait(false) is { } record)
            {
                records.Add(record);
            }
        }

        // Newest first, as the list pages are.
        records.Sort(static (left, right) => right.OccurredAt != left.OccurredAt
            ? right.OccurredAt.CompareTo(left.OccurredAt)
            : right.Id.CompareTo(left.Id));
        var metadata = Metadata(who, "events", new Dictionary<string, string>());
        metadata[AuditApiQueryParser.MetadataKey(AuditApiParameters.Ids)] = string.Join(',', ids.Select(id => id.ToString("D")));
        metadata["records"] = records.Count.ToString(CultureInfo.InvariantCulture);
        if (records.Count < ids.Count && !who.Viewer!.IsAdmin)
        {
            metadata["status"] = StatusCodes.Status200OK.ToString(CultureInfo.InvariantCulture);
            await RecordAsync(
                httpContext,
                who,
                AuditAspNetCoreActions.AuthorizationFailed,
                new AuditResource(AuditLogResourceType, null, null),
                $"Looked up {AuditApiWording.Records(ids.Count)} by id, {ids.Count - records.Count} of which the viewer may not see or which do not exist",
                metadata,
                AuditActionType.Security,
                RecordNotVisibleReason).ConfigureAwait(false);
        }
        else
        {
            await RecordAsync(
                httpContext,
                who,
                AuditActions.AuditQueried,
                new AuditResource(AuditLogResourceType, null, null),
                $"Viewed {AuditApiWording.Records(records.Count)} by id",
                metadata).ConfigureAwait(false);
        }

        return TypedResults.Json(new AuditPageResponse(records, null), AuditApiJsonContext.Default.AuditPageResponse);
    }

    private static bool TryParseIds(IQueryCollection query, out IReadOnlyList<Guid> ids, out AuditApiParameterError? error)
    {
        ids = [];
        error = null;
        foreach (var key in query.Keys)
        {
            // Parameter names are case-insensitive, as ASP.NET Core reads them: IDS= is ids=.
            if (!string.Equals(key, AuditApiParameters.Ids, StringComparison.OrdinalIgnoreCase))
            {
                error = new AuditApiParameterError(AuditApiParameters.Ids, $"'{AuditApiParameters.Ids}' cannot be combined with '{key}': it names the records itself.");
                return false;
            }
        }

        var parsed = new List<Guid>();
        foreach (var value in query[AuditApiParameters.Ids])
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!Guid.TryParseExact(part, "D", out var id))
                {
                    error = new AuditApiParameterError(AuditApiParameters.Ids, $"'{AuditApiParameters.Ids}': '{part}' is not an event id (a GUID).");
                    return false;
                }

                if (!parsed.Contains(id))
                {
                    parsed.Add(id);
                }

                if (parsed.Count > AuditQuery.MaxListValues)
                {
                    error = new AuditApiParameterError(AuditApiParameters.Ids, $"'{AuditApiParameters.Ids}' may name at most {AuditQuery.MaxListValues} records.");
                    return false;
                }
            }
        }

        if (parsed.Count == 0)
        {
            error = new AuditApiParameterError(AuditApiParameters.Ids, $"'{AuditApiParameters.Ids}' must name at least one event id.");
            return false;
        }

        ids = parsed;
        return true;
    }
}
