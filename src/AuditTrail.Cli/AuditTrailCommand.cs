using System.CommandLine;
using System.CommandLine.Help;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Progress;

namespace AuditTrail.Cli;

/// <summary>
/// The <c>audittrail</c> command line. Exit codes: 0 valid (or done), 1 a problem was found in the trail, 2 a usage
/// or connection error, with a message that says which. <c>--help</c> prints to standard output and exits 0.
/// </summary>
internal static class AuditTrailCommand
{
    public const int Valid = 0;
    public const int ProblemFound = 1;
    public const int UsageOrConnectionError = 2;

    /// <summary>Runs the command line; progress is shown when standard error is a terminal.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default) =>
        RunAsync(args, new CliContext(output, error, CliProgress.ShownByDefault), cancellationToken);

    /// <summary>Runs the command line with <paramref name="context"/>'s writers and progress setting.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parseResult = AuditTrailCommandTree.Create(context).Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await context.Error.WriteLineAsync($"error: {parseError.Message}").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"Run '{CommandPath(parseResult.CommandResult)} --help' for usage. Exit codes: 0 valid / done, 1 problem found, 2 usage or connection error.").ConfigureAwait(false);
            return UsageOrConnectionError;
        }

        try
        {
            // Signals are the caller's (CliSignals, through cancellationToken): System.CommandLine's handling would
            // miss one during a command's synchronous start and end the process two seconds after one.
            var configuration = new InvocationConfiguration
            {
                Output = context.Output,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CliUsageException or CliConnectionException)
        {
            await context.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return UsageOrConnectionError;
        }
        catch (InvalidOperationException ex)
        {
            // The library refuses an operation the store's state does not allow (an archive of another trail, a store without holds).
            await context.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return UsageOrConnectionError;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or TimeoutException)
        {
            await context.Error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return UsageOrConnectionError;
        }
        catch (OperationCanceledException)
        {
            await context.Error.WriteLineAsync("error: cancelled; what the command finished before stays done.").ConfigureAwait(false);
            return UsageOrConnectionError;
        }
        catch (Exception ex)
        {
            // Nothing ends in a stack trace; what no command expected still says what it was, on one line.
            await context.Error.WriteLineAsync($"error: unexpected {ex.GetType().Name}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return UsageOrConnectionError;
        }
    }

    /// <summary>The command as typed, from the root: <c>audittrail hold list</c>.</summary>
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var current = result; current.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
        {
            names.Insert(0, current.Command.Name);
        }

        return string.Join(" ", names.Prepend("audittrail"));
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    /// <summary>The tool's version, as its package was versioned (the informational version, without build metadata).</summary>
    public static string Version
    {
        get
        {
            var informational = typeof(AuditTrailCommand).Assembly
                .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), inherit: false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>()
                .FirstOrDefault()?.InformationalVersion ?? "0.0.0";
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? informational : informational[..plus];
        }
    }
}
