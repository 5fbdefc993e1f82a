using System.Net;
using Microsoft.AspNetCore.Diagnostics;

namespace AuditTrail.Samples.WebApp.Pages;

/// <summary>The production error answers: a status and a short sentence, never a stack trace or a request header.</summary>
internal static class ErrorPage
{
    /// <summary>Unhandled exceptions answer 500 (or the status of a bad request) with a plain page.</summary>
    public static void Configure(IApplicationBuilder error) => error.Run(context =>
    {
        var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var status = failure is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        var reason = Enum.IsDefined((HttpStatusCode)status) ? ((HttpStatusCode)status).ToString() : "Error";
        return response.WriteAsync($"{status} {reason}. Request id: {context.TraceIdentifier}", context.RequestAborted);
    });
}
