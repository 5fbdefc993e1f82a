using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore;

/// <summary>
/// <c>GET {prefix}/api/review</c> and its digests <c>review.md</c> and <c>review.csv</c>: admins only (a tenant admin
/// gets the findings of their tenant, as <see cref="IAuditReview"/> scopes them; anyone else 403, recorded like a
/// refused verify), over <c>from</c>/<c>to</c> (ISO 8601, like the list's; by default the last 7 days).
/// </summary>
internal sealed partial class AuditApiHandlers
{
    /// <summary>The period a review covers when the request names none: the weekly review.</summary>
    public static readonly TimeSpan DefaultReviewPeriod = TimeSpan.FromDays(7);

    public async Task ReviewAsync(HttpContext httpContext, AuditReviewFormat format)
    {
        var result = await ReviewCoreAsync(httpContext, format).ConfigureAwait(false);
        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    private async Task<IResult> ReviewCoreAsync(HttpContext httpContext, AuditReviewFormat format)
    {
        PreventCaching(httpContext);
        var who = await viewers.ResolveAsync(httpContext).ConfigureAwait(false);
        if (who.Failure is not null)
        {
            return who.Failure;
        }

        if (!TryParsePeriod(httpContext.Request.Query, out var from, out var to, out var error))
        {
            return BadRequest(error!);
        }

        var metadata = Metadata(who, "review", new Dictionary<string, string>());
        metadata[AuditApiQueryParser.MetadataKey(AuditApiParameters.From)] = from.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        metadata[AuditApiQueryParser.MetadataKey(AuditApiParameters.To)] = to.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        if (format != AuditReviewFormat.Json)
        {
            metadata["format"] = format == AuditReviewFormat.Markdown ? "md" : "csv";
        }

        if (!who.Viewer!.IsAdmin)
        {
            await RecordAsync(
                httpContext,
                who,
                AuditActions.AuditQueried,
                new AuditResource(AuditLogResourceType, null, null),
                "Tried to review the audit trail without being an admin",
                metadata,
                AuditActionType.Security,
                "not an admin").ConfigureAwait(false);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: "Only admins may review the audit trail.");
        }

        var review = httpContext.RequestServices.GetService<IAuditReview>();
        if (review is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Review not enabled",
                detail: "The audit review is not enabled in this application (services.AddAuditTrail().AddReview()).");
        }

        var report = await review.ReviewAsync(who.Viewer, from, to, httpContext.RequestAborted).ConfigureAwait(false);
        metadata["findings"] = report.Findings.Count.ToString(CultureInfo.InvariantCulture);

        // Recorded before the answer leaves: the findings name people and addresses.
        var period = string.Create(CultureInfo.InvariantCulture, $"{AuditReviewDigestTime(from)} to {AuditReviewDigestTime(to)}");
        await RecordAsync(
            httpContext,
            who,
            format == AuditReviewFormat.Json ? AuditActions.AuditQueried : AuditActions.AuditExported,
            new AuditResource(AuditLogResourceType, null, null),
            format switch
            {
                AuditReviewFormat.Markdown => $"Exported the audit review of {period} as Markdown: {report.Findings.Count} findings",
                AuditReviewFormat.Csv => $"Exported the audit review of {period} as CSV: {report.Findings.Count} findings",
                _ => $"Reviewed the audit trail from {period}: {report.Findings.Count} findings",
            },
            metadata).ConfigureAwait(false);

        if (format == AuditReviewFormat.Json)
        {
            return TypedResults.Json(report, AuditApiJsonContext.Default.AuditReviewReport);
        }

        var (extension, contentType) = format == AuditReviewFormat.Markdown
            ? ("md", "text/markdown; charset=utf-8")
            : ("csv", "text/csv; charset=utf-8");
        var response = httpContext.Response;
        var fileName = string.Create(CultureInfo.InvariantCulture, $"audit-review-{from.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{to.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.{extension}");
        response.ContentType = contentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        if (format == AuditReviewFormat.Markdown)
        {
            await AuditReviewDigest.WriteMarkdownAsync(report, response.Body, httpContext.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            await AuditReviewDigest.WriteCsvAsync(report, response.Body, httpContext.RequestAborted).ConfigureAwait(false);
        }

        return TypedResults.Empty;
    }

    /// <summary>The review's period: <c>from</c> and <c>to</c> (no other parameter) parsed like the list's; a missing <c>to</c> is now, a missing <c>from</c> 7 days before <c>to</c> (or 0001-01-01).</summary>
    private bool TryParsePeriod(IQueryCollection query, out DateTimeOffset from, out DateTimeOffset to, out AuditApiParameterError? error)
    {
        from = default;
        to = default;

        // A typo (form=) would otherwise review the default period without a word, and the review filters nothing else.
        error = AuditApiUnexpectedParameters.Find(query, "the review", AuditApiParameters.From, AuditApiParameters.To);
        if (error is not null)
        {
            return false;
        }

        if (!TryInstant(query, AuditApiParameters.From, out var parsedFrom, out error)
            || !TryInstant(query, AuditApiParameters.To, out var parsedTo, out error))
        {
            return false;
        }

        to = parsedTo ?? time.GetUtcNow();
        from = parsedFrom ?? (to - DateTimeOffset.MinValue > DefaultReviewPeriod ? to - DefaultReviewPeriod : DateTimeOffset.MinValue);
        if (to <= from)
        {
            error = new AuditApiParameterError(AuditApiParameters.To, "'to' must be later than 'from'.");
            return false;
        }

        return true;
    }

    private static bool TryInstant(IQueryCollection query, string name, out DateTimeOffset? value, out AuditApiParameterError? error)
    {
        value = null;
        error = null;
        if (!query.TryGetValue(name, out var raw) || raw.Count == 0 || (raw.Count == 1 && string.IsNullOrEmpty(raw[0])))
        {
            return true;
        }

        if (raw.Count > 1)
        {
            error = new AuditApiParameterError(name, $"'{name}' may be given only once.");
            return false;
        }

        if (!AuditApiInstant.TryParse(raw[0]!, out value, out var problem))
        {
            error = new AuditApiParameterError(name, $"'{name}': {problem}");
            return false;
        }

        return true;
    }

    private static string AuditReviewDigestTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>What <c>api/review</c> answers in: JSON, or a digest download.</summary>
internal enum AuditReviewFormat
{
    Json,
    Markdown,
    Csv,
}
