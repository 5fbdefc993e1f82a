using Microsoft.AspNetCore.Http;

namespace AuditTrail.AspNetCore;

/// <summary>
/// The query parameters of the endpoints that take few or none (<c>facets</c>, <c>verify</c>, <c>events/{id}</c>,
/// <c>review</c>, <c>holds</c>): any other name is refused, as on the filtered reads, so that a filter the endpoint
/// does not have (<c>holds?tenantId=…</c>, <c>verify?from=…</c>) never answers as if it had been applied.
/// </summary>
internal static class AuditApiUnexpectedParameters
{
    /// <summary>The first parameter of <paramref name="query"/> that is not one of <paramref name="allowed"/> (names compared case-insensitively, as ASP.NET Core reads them), as the error naming it; null when there is none.</summary>
    public static AuditApiParameterError? Find(IQueryCollection query, string endpoint, params string[] allowed)
    {
        foreach (var key in query.Keys)
        {
            if (!allowed.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                var takes = allowed.Length switch
                {
                    0 => "it takes no query parameter",
                    1 => $"it takes only '{allowed[0]}'",
                    _ => $"it takes only {string.Join(", ", allowed[..^1].Select(name => $"'{name}'"))} and '{allowed[^1]}'",
                };
                return new AuditApiParameterError(key, $"'{key}' is not a parameter of {endpoint}; {takes}.");
            }
        }

        return null;
    }
}
