namespace AuditTrail.Cli.Export;

/// <summary>The reader's refusal of a query (<c>query.ActorIds</c>, ...) reworded to name the <c>export</c> option the value came from.</summary>
internal static class ExportOptionMessage
{
    private static readonly (string Property, string Option)[] Options =
    [
        ("query.ActionTypes", "--type"),
        ("query.ActorIds", "--user"),
        ("query.From", "--from"),
        ("query.To", "--to"),
    ];

    /// <summary>"Option --user: --user holds an empty value." for "query.ActorIds holds an empty value. (Parameter 'query.ActorIds')".</summary>
    public static string Of(ArgumentException exception)
    {
        var message = exception.Message;
        var suffix = $" (Parameter '{exception.ParamName}')";
        if (message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        var named = false;
        foreach (var (property, option) in Options)
        {
            if (message.Contains(property, StringComparison.Ordinal))
            {
                message = message.Replace(property, option, StringComparison.Ordinal);
                named = true;
            }
        }

        return named ? message : $"The export's filter was refused: {message}";
    }
}
