using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace AuditTrail.AspNetCore;

/// <summary>
/// <c>api/count</c>: how many records the filters of <c>api/events</c> match within the viewer's scope; exact, or with
/// <c>atMost=N</c> counted up to N and answered as "at least N" past it, and with <c>timeLimitMs=T</c> answered as
/// "at least" what was counted when a search count would take longer than T milliseconds (<see cref="IAuditReader.GetCountAsync"/>).
/// </summary>
internal sealed partial class AuditApiHandlers
{
    /// <summary>The parameter that caps the count: a whole number from 1; absent, the count is exact.</summary>
    public const string AtMostParameter = "atMost";

    /// <summary>The parameter that limits the count's time, in milliseconds: a whole number from 1 to 60 000; absent, no limit.</summary>
    public const string TimeLimitParameter = "timeLimitMs";

    private const int MaxTimeLimitMilliseconds = 60_000;

    public async Task CountAsync(HttpContext httpContext)
    {
        var result = await CountCoreAsync(httpContext).ConfigureAwait(false);
        await result.ExecuteAsync(httpContext).ConfigureAwait(false);
    }

    private async Task<IResult> CountCoreAsync(HttpContext httpContext)
    {
        var (who, request, failure) = await BeginFilteredReadAsync(httpContext).ConfigureAwait(false);
        if (request is null)
        {
            return failure!;
        }

        if (!TryParseAtMost(httpContext.Request.Query, out var atMost, out var error)
            || !TryParseTimeLimit(httpContext.Request.Query, out var timeLimit, out error))
        {
            return BadRequest(error!);
        }

        AuditCount count;
        try
        {
            count = await Reader(httpContext)
                .GetCountAsync(who.Viewer, request.Query, new AuditCountOptions { AtMost = atMost, TimeLimit = timeLimit }, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (ArgumentException exception) when (IsQueryError(exception))
        {
            return BadRequest(FromReader(exception));
        }

        var metadata = Metadata(who, "count", request.FilterMetadata);
        var shown = count.Value.ToString(CultureInfo.InvariantCulture) + (count.IsLowerBound ? "+" : string.Empty);
        metadata["records"] = shown;
        if (atMost is { } cap)
        {
            metadata[AtMostParameter] = cap.ToString(CultureInfo.InvariantCulture);
        }

        if (timeLimit is { } time)
        {
            metadata[TimeLimitParameter] = time.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
        }

        await RecordFilteredReadAsync(
            httpContext, who, request.Query, $"Asked to count other users' audit records; counted {shown} of their own", $"Counted {shown} audit records", metadata).ConfigureAwait(false);

        return TypedResults.Json(new AuditCountResponse(count.Value, count.IsLowerBound), AuditApiJsonContext.Default.AuditCountResponse);
    }

    private static bool TryParseAtMost(IQueryCollection query, out long? atMost, out AuditApiParameterError? error)
    {
        atMost = null;
        error = null;
        if (!query.TryGetValue(AtMostParameter, out var raw))
        {
            return true;
        }

        // Digits only: no sign, spaces, separators or exponent, and below long.MaxValue (the store counts one more).
        if (raw.Count == 1
            && long.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value is > 0 and < long.MaxValue)
        {
            atMost = value;
            return true;
        }

        error = new AuditApiParameterError(
            AtMostParameter, $"'{AtMostParameter}' must be a whole number from 1 to {long.MaxValue - 1}, given once; leave it out for an exact count.");
        return false;
    }

    private static bool TryParseTimeLimit(IQueryCollection query, out TimeSpan? timeLimit, out AuditApiParameterError? error)
    {
        timeLimit = null;
        error = null;
        if (!query.TryGetValue(TimeLimitParameter, out var raw))
        {
            return true;
        }

        if (raw.Count == 1
            && int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds is > 0 and <= MaxTimeLimitMilliseconds)
        {
            timeLimit = TimeSpan.FromMilliseconds(milliseconds);
            return true;
        }

        error = new AuditApiParameterError(
            TimeLimitParameter, $"'{TimeLimitParameter}' must be a whole number of milliseconds from 1 to {MaxTimeLimitMilliseconds}, given once; leave it out for no time limit.");
        return false;
    }
}
