using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AuditTrail.AspNetCore;

/// <summary>
/// The answer of an audit endpoint whose store could not be reached: a transient database error (the server down,
/// restarting or refusing connections: <see cref="DbException.IsTransient"/>) is a 503 problem with a
/// <c>Retry-After</c>, logged once per request, rather than an unhandled exception and a bare 500. An answer already
/// under way (a streaming export) cannot change its status: the error then ends it as before.
/// </summary>
internal static partial class AuditApiStoreUnavailable
{
    /// <summary>How long a client is asked to wait before trying again, in seconds.</summary>
    public const int RetryAfterSeconds = 5;

    public static RequestDelegate Guard(RequestDelegate handler, ILogger logger) => async context =>
    {
        try
        {
            await handler(context).ConfigureAwait(false);
        }
        catch (Exception e) when (Unreachable(e) is { } cause && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogUnavailable(logger, cause, context.Request.Method, context.Request.Path);
            context.Response.Clear();
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await TypedResults.Problem(
                detail: "The audit store could not be reached; try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The audit store is unavailable").ExecuteAsync(context).ConfigureAwait(false);
        }
    };

    /// <summary>The transient database error among <paramref name="exception"/> and its inner exceptions, if any.</summary>
    private static DbException? Unreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DbException { IsTransient: true } database)
            {
                return database;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Error, Message = "The audit store could not be reached for {Method} {Path}; answered 503.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception, string method, PathString path);
}
