using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuditTrail.AspNetCore;

/// <summary>The API's 400 answers: a problem naming the parameter, and the reader's errors told in the client's words.</summary>
internal sealed partial class AuditApiHandlers
{
    private static ValidationProblem BadRequest(AuditApiParameterError error, string kind = "query parameter") =>
        TypedResults.ValidationProblem(
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [error.Parameter] = [error.Message] },
            detail: error.Message,
            title: $"Invalid {kind} '{error.Parameter}'",
            extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["parameter"] = error.Parameter });

    /// <summary>
    /// Whether the reader rejected the query (it names the property as <c>query.Limit</c>). Any other argument error
    /// comes from deeper down, is not the client's doing, and is left to surface as a server error.
    /// </summary>
    internal static bool IsQueryError(ArgumentException exception) =>
        exception.ParamName is { } name && name.StartsWith(QueryPrefix, StringComparison.Ordinal);

    /// <summary>The reader names the invalid <see cref="AuditQuery"/> property; the client knows it by its parameter name.</summary>
    internal static AuditApiParameterError FromReader(ArgumentException exception)
    {
        var message = ClientMessage(exception);
        var name = exception.ParamName;
        if (name is not null && name.StartsWith(QueryPrefix, StringComparison.Ordinal))
        {
            name = name[QueryPrefix.Length..];
        }

        foreach (var (property, parameter) in AuditApiParameters.ByQueryProperty)
        {
            if (string.Equals(name, property, StringComparison.OrdinalIgnoreCase)
                || string.Equals(name, parameter, StringComparison.Ordinal))
            {
                return new AuditApiParameterError(parameter, message);
            }
        }

        foreach (var (property, parameter) in AuditApiParameters.ByQueryProperty)
        {
            if (Regex.IsMatch(exception.Message, $@"\b{property}\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                return new AuditApiParameterError(parameter, message);
            }
        }

        return new AuditApiParameterError(exception.ParamName ?? "query", message);
    }

    /// <summary>
    /// The core's message as the client reads it: <c>query.ActorIds</c> becomes <c>'user'</c>, the parameter it sent, and
    /// the <c>(Parameter '…')</c> suffix .NET appends is left off (the problem's <c>parameter</c> names it).
    /// </summary>
    internal static string ClientMessage(ArgumentException exception)
    {
        var message = exception.Message;
        var suffix = $" (Parameter '{exception.ParamName}')";
        if (exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        foreach (var (property, parameter) in AuditApiParameters.ByQueryProperty)
        {
            message = Regex.Replace(message, $@"\b{Regex.Escape(QueryPrefix)}{property}\b", $"'{parameter}'", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return message;
    }
}
