using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore;

/// <summary>
/// <c>GET {prefix}/api/verify</c>: global admins only (an admin with a tenant gets 403, since the chain spans tenants,
/// recorded as a failed <see cref="AuditActions.AuditQueried"/>); runs <see cref="IAuditVerifier"/> and records the run as
/// an Access event, <see cref="AuditActions.AuditVerified"/>, failed when the report names a problem.
/// </summary>
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

        // The chain covers every tenant: its counts and problem ids describe other tenants' records, so only an
        // admin without a tenant (a global admin) may see the report. A refusal is a refused read, not a verification
        // that failed: only a run that found a problem is a failed audit.verified (which the review reports as Critical).
        if (RefusalToVerify(who.Viewer!) is { } refusal)
        {
            await RecordAsync(
                httpContext,
                who,
                AuditActions.AuditQueried,
                new AuditResource(AuditLogResourceType, null, null),
                "Tried to verify the audit trail without being a global admin",
                Metadata(who, "verify", new Dictionary<string, string>()),
                AuditActionType.Security,
                refusal).ConfigureAwait(false);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: who.Viewer!.IsAdmin
                    ? "The integrity report covers every tenant; only an admin without a tenant may verify the audit trail."
                    : "Only admins may verify the audit trail.");
        }

        if (AuditApiUnexpectedParameters.Find(httpContext.Request.Query, "verify") is { } unexpected)
        {
            return BadRequest(unexpected);
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
            report.IsValid ? $"Verified {AuditApiWording.Records(report.RowsVerified)}: valid" : $"Verified the audit trail: {report.Problem!.Kind} at row {report.Problem.Sequence}",
            metadata,
            AuditActionType.Access,
            report.Problem is { } found ? string.Create(CultureInfo.InvariantCulture, $"{found.Kind} at row {found.Sequence}") : null).ConfigureAwait(false);

        return TypedResults.Json(
            new AuditVerifyResponse(
                report.IsValid,
                report.Problem,
                report.RowsVerified,
                report.LastSequence,
                report.Anchor?.Sequence,
                report.CheckpointsVerified,
                report.NewestCheckpointSequence,
                report.PurgeUnderWay?.Sequence),
            AuditApiJsonContext.Default.AuditVerifyResponse);
    }

    /// <summary>Why <paramref name="viewer"/> may not see the global integrity report, or <see langword="null"/> when they may.</summary>
    private static string? RefusalToVerify(AuditViewer viewer) =>
        !viewer.IsAdmin ? "not an admin"
        : viewer.TenantId is not null ? "tenant admin: the report covers every tenant"
        : null;
}

/// <summary>The JSON of <c>api/verify</c>.</summary>
internal sealed record AuditVerifyResponse(
    bool Valid,
    AuditIntegrityProblem? Problem,
    long RowsVerified,
    long? LastSequence,
    long? AnchorSequence,
    int CheckpointsVerified,
    long? NewestCheckpointSequence,
    long? PurgeUnderWayThrough);
