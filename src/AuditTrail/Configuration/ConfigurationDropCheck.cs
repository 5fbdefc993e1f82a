using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// Names what the configuration binder would drop without an error: an entry of a list or dictionary whose value (or,
/// in a dictionary, key) does not convert, or that lacks a value its constructor needs. A value outside a collection
/// needs no check here: the binder refuses it itself, naming the key.
/// </summary>
/// <param name="dropped">What the binder does with such an entry, ending every error ("the configuration binder drops a rule …").</param>
internal sealed class ConfigurationDropCheck(string dropped)
{
    /// <summary>The section <see cref="AuditTrailOptions"/> are documented to be bound from.</summary>
    public const string AuditTrailSection = "AuditTrail";

    private readonly List<string> errors = [];

    /// <summary>The host's configuration, or <see langword="null"/> without one (nothing to check then).</summary>
    public static IConfiguration? ConfigurationOf(IServiceProvider services) => services.GetService<IConfiguration>();

    /// <summary>A dictionary entry's key, which the binder converts to the dictionary's key type.</summary>
    public void Key(IConfigurationSection entry, ConfigurationValueType type)
    {
        if (!type.Converts(entry.Key))
        {
            errors.Add($"{entry.Path} names '{entry.Key}', which is not {type}; {dropped}");
        }
    }

    /// <summary>
    /// An entry's own value (a dictionary's value, or a list's element), of a type that is not nullable: the binder drops
    /// an empty one too (an environment variable set to nothing).
    /// </summary>
    public void Value(IConfigurationSection entry, ConfigurationValueType type)
    {
        // Only an empty string: the binder sets a null value (or a section that has only children) to the type's default.
        if (entry.Value is { Length: 0 })
        {
            errors.Add($"{entry.Path} is empty, which is not {type}; {dropped}");
        }
        else
        {
            Convertible(entry, type);
        }
    }

    /// <summary>The nullable value under <paramref name="key"/> of an entry that is an object; empty or missing is fine (see <see cref="Required"/>).</summary>
    public void Value(IConfigurationSection entry, string key, ConfigurationValueType type) => Convertible(entry.GetSection(key), type);

    /// <summary>
    /// A value the entry's constructor needs: without it, or when it does not convert, the binder drops the entry. An empty
    /// one is refused too, though the binder may take it as the type's default (00:00 for a start time), which is not
    /// what was meant.
    /// </summary>
    public void Required(IConfigurationSection entry, string key, ConfigurationValueType type)
    {
        if (entry[key] is null)
        {
            errors.Add($"{entry.Path}:{key} is missing; {dropped}");
        }
        else if (entry[key]!.Length == 0)
        {
            errors.Add($"{entry.Path}:{key} is empty, which is not {type}; give a value (an empty one is refused rather than taken as the type's default).");
        }
        else
        {
            Convertible(entry.GetSection(key), type);
        }
    }

    /// <summary>The errors found, each naming its key.</summary>
    public ValidateOptionsResult Result() => errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

    private void Convertible(IConfigurationSection entry, ConfigurationValueType type)
    {
        if (entry.Value is { Length: > 0 } value && !type.Converts(value))
        {
            errors.Add($"{entry.Path} is '{value}', which is not {type}; {dropped}");
        }
    }
}
