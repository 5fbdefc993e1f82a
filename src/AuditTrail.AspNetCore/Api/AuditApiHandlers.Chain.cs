using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore;

/// <summary>
/// <c>GET {prefix}/api/events/{id}</c> for an admin of every tenant: the record plus <c>chain</c>, its sequence number and
/// hash (lower-case hex), from <see cref="IAuditChainPositions"/>, which tells nobody else. Any other viewer gets the
/// record as it is everywhere else.
/// </summary>
internal sealed partial class AuditApiHandlers
{
    private static async Task<IResult> RecordResultAsync(HttpContext httpContext, AuditViewer viewer, AuditRecord record)
    {
        var positions = httpContext.RequestServices.GetService<IAuditChainPositions>();
        var position = positions is null
            ? null
            : await positions.GetAsync(viewer, record.Id, httpContext.RequestAborted).ConfigureAwait(false);
        if (position is null)
        {
            return TypedResults.Json(record, AuditApiJsonContext.Default.AuditRecord);
        }

        var body = JsonSerializer.SerializeToNode(record, AuditApiJsonContext.Default.AuditRecord)!.AsObject();
        body["chain"] = JsonSerializer.SerializeToNode(
            new AuditChainPositionResponse(position.Sequence, Convert.ToHexStringLower(position.Hash)),
            AuditApiJsonContext.Default.AuditChainPositionResponse);
        return TypedResults.Json(body, AuditApiJsonContext.Default.JsonObject);
    }
}
