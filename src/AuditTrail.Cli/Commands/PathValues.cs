using System.CommandLine;

namespace AuditTrail.Cli.Commands;

/// <summary>
/// Options and arguments that take a file or folder refuse a blank one (<c>--out ""</c>, a script's unset variable) as
/// a parse error naming them, rather than as the file system's <c>ArgumentException</c> about a parameter of its own.
/// </summary>
internal static class PathValues
{
    /// <summary>Adds the check to <paramref name="option"/>; returns it.</summary>
    public static Option<T> NotBlankPath<T>(this Option<T> option)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(token => string.IsNullOrWhiteSpace(token.Value)))
            {
                result.AddError($"Option {option.Name} takes a path ({option.HelpName ?? "file"}); it must not be blank.");
            }
        });
        return option;
    }

    /// <summary>Adds the check to <paramref name="argument"/>; returns it.</summary>
    public static Argument<T> NotBlankPath<T>(this Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            if (result.Tokens.Any(token => string.IsNullOrWhiteSpace(token.Value)))
            {
                result.AddError($"The <{argument.Name}> argument takes a path; it must not be blank.");
            }
        });
        return argument;
    }
}
