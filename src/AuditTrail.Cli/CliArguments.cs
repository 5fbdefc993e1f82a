namespace AuditTrail.Cli;

/// <summary>The parsed command line. Every problem is a <see cref="CliUsageException"/> naming the option.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    private CliArguments(string command) => Command = command;

    public string Command { get; }

    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlySet<string> allowedOptions)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            throw new CliUsageException(null);
        }

        var parsed = new CliArguments(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var option = args[i];
            if (!allowedOptions.Contains(option))
            {
                throw new CliUsageException($"Unknown option '{option}' for '{parsed.Command}'.");
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new CliUsageException($"Option {option} needs a value.");
            }

            if (!parsed._values.TryGetValue(option, out var list))
            {
                parsed._values[option] = list = [];
            }

            list.Add(args[++i]);
        }

        return parsed;
    }

    public IReadOnlyList<string> All(string option) => _values.TryGetValue(option, out var list) ? list : [];

    public string? Single(string option)
    {
        var values = All(option);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new CliUsageException($"Option {option} may be given once."),
        };
    }

    public string Required(string option) => Single(option) ?? throw new CliUsageException($"Option {option} is required.");

    public DateTimeOffset? Time(string option)
    {
        var text = Single(option);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new CliUsageException($"Option {option} takes an ISO 8601 time such as 2026-11-20T14:34:00Z; '{text}' is not one.");
    }
}

/// <summary>A wrong command line: exit code 2 with the message and the usage.</summary>
internal sealed class CliUsageException(string? message) : Exception(message ?? string.Empty);

/// <summary>The store could not be opened or read: exit code 2 with the message.</summary>
internal sealed class CliConnectionException(string message, Exception? inner = null) : Exception(message, inner);
