using Microsoft.AspNetCore.Antiforgery;

namespace AuditTrail.Samples.WebApp.Pages;

/// <summary>
/// Every state-changing request of the console must carry the antiforgery token, also those that post no fields
/// (remove, deactivate, sign out). ASP.NET Core validates the token only for endpoints that bind a form, and
/// <c>SameSite=Lax</c> stops other sites but not other origins of the same site, so the console checks it for every
/// method that may change state.
/// </summary>
internal static class AntiforgeryCheck
{
    /// <summary>Adds the check to every endpoint of <paramref name="group"/>.</summary>
    public static RouteGroupBuilder RequireAntiforgeryToken(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!ChangesState(http.Request.Method))
            {
                return await next(context);
            }

            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            return await antiforgery.IsRequestValidAsync(http)
                ? await next(context)
                : Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Missing or invalid antiforgery token",
                    detail: "Reload the page and submit the form again.");
        });

    private static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));
}
