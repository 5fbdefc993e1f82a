using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.AspNetCore;

/// <summary><c>api/histogram</c>: records per hour or day, stacked by action type, for the filters of <c>api/events</c>.</summary>
internal sealed partial class AuditApiHandlers
{
    /// <summary>The parameter that chooses the bucket width: <c>hour</c> or <c>day</c>; absent, it follows the range.</summary>
    public const string BucketParameter = "bucket";

    public async Task HistogramAsync(HttpContext httpContext)
    {
        var result = await HistogramCoreAsync(httpContext).ConfigureAwait(false);
        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    private async Task<IResult> HistogramCoreAsync(HttpContext httpContext)
    {
        var (who, request, failure) = await BeginFilteredReadAsync(httpContext).ConfigureAwait(false);
        if (request is null)
        {
            return failure!;
        }

        if (!TryParseBucket(httpContext.Request.Query, out var interval, out var error))
        {
            return BadRequest(error!);
        }

        AuditHistogram histogram;
        try
        {
            histogram = await httpContext.RequestServices.GetRequiredService<IAuditHistogram>()
                .GetHistogramAsync(who.Viewer, request.Query, interval, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentException exception) when (exception.ParamName == "interval")
        {
            return BadRequest(new AuditApiParameterError(BucketParameter, ClientMessage(exception)));
        }
        catch (ArgumentException exception) when (IsQueryError(exception))
        {
            return BadRequest(FromReader(exception));
        }

        var metadata = Metadata(who, "histogram", request.FilterMetadata);
        metadata["bucket"] = histogram.Interval.ToString().ToLowerInvariant();
        metadata["records"] = histogram.Total.ToString(CultureInfo.InvariantCulture);
        await RecordFilteredReadAsync(
            httpContext, who, request.Query, $"Asked to chart other users' audit records; charted {histogram.Total} of their own", $"Viewed the activity of {AuditApiWording.Records(histogram.Total)}", metadata).ConfigureAwait(false);

        return TypedResults.Json(histogram, AuditApiJsonContext.Default.AuditHistogram);
    }

    private static bool TryParseBucket(IQueryCollection query, out AuditHistogramInterval interval, out AuditApiParameterError? error)
    {
        interval = AuditHistogramInterval.Auto;
        error = null;
        if (!query.TryGetValue(BucketParameter, out var raw) || string.IsNullOrEmpty(raw.ToString()))
        {
            return true;
        }

        switch (raw.Count == 1 ? raw.ToString() : null)
        {
            case "hour":
                interval = AuditHistogramInterval.Hour;
                return true;
            case "day":
                interval = AuditHistogramInterval.Day;
                return true;
            default:
                error = new AuditApiParameterError(BucketParameter, $"'{BucketParameter}' must be 'hour' or 'day', given once.");
                return false;
        }
    }
}
