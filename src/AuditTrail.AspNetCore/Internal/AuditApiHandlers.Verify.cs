using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore.Internal;

/// <summary><c>GET {prefix}/api/verify</c>: admins only; runs <see cref="IAuditVerifier"/> and records the run as an Access event.</summary>
internal sealed partial class AuditApiHandlers
{
    public async Task VerifyAsync(HttpContext httpContext)
    {
        var result = await VerifyCoreAsync(httpContext).ConfigureAwait(false);
        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    private async Task<IResult> VerifyCoreAsync(HttpContext httpContext)
    {
        PreventCaching(httpContext);
        var who = await viewers.ResolveAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        if (!who.Viewer!.IsAdmin)
        {
            await RecordAsync(
                httpContext,
                who,
                AuditActions.AuditVerified,
                new AuditResource(AuditLogResourceType, null, null),
                "Tried to verify the audit trail without being an admin",
                Metadata(who, "verify", new Dictionary<string, string>()),
                AuditActionType.Security,
                "not an admin").ConfigureAwait(false);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only admins may verify the audit trail.");
        }

        var report = await httpContext.RequestServices.GetRequiredService<IAuditVerifier>().VerifyAsync(httpContext.RequestAborted).ConfigureAwait(false);
        var metadata = Metadata(who, "verify", new Dictionary<string, string>());
        metadata["valid"] = report.IsValid ? "true" : "false";
        metadata["rows_verified"] = report.RowsVerified.ToString(CultureInfo.InvariantCulture);
        if (report.Problem is { } problem)
        {
            metadata["problem"] = problem.Kind.ToString();
            metadata["problem_sequence"] = problem.Sequence.ToString(CultureInfo.InvariantCulture);
        }

        await RecordAsync(
            httpContext,
            who,
            AuditActions.AuditVerified,
            new AuditResource(AuditLogResourceType, null, null),
            report.IsValid ? $"Verified {report.RowsVerified} audit records: valid" : $"Verified the audit trail: {report.Problem!.Kind} at row {report.Problem.Sequence}",
            metadata).ConfigureAwait(false);

        return TypedResults.Json(
            new AuditVerifyResponse(
                report.IsValid,
                report.Problem,
                report.RowsVerified,
                report.LastSequence,
                report.Anchor?.Sequence,
                report.CheckpointsVerified,
                report.NewestCheckpointSequence),
            AuditApiJsonContext.Default.AuditVerifyResponse);
    }
}

/// <summary>The JSON of <c>api/verify</c>.</summary>
internal sealed record AuditVerifyResponse(
    bool Valid,
    AuditIntegrityProblem? Problem,
    long RowsVerified,
    long? LastSequence,
    long? AnchorSequence,
    int CheckpointsVerified,
    long? NewestCheckpointSequence);
