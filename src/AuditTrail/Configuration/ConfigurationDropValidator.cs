using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AuditTrail;

/// <summary>
/// A start-up check of entries the configuration binder would drop from <typeparamref name="TOptions"/>'s collections
/// (<see cref="ConfigurationDropCheck"/>); a host without configuration has nothing to check.
/// </summary>
/// <typeparam name="TOptions">The options bound from the checked section.</typeparam>
/// <param name="services">The host's services, whose <see cref="IConfiguration"/> is read.</param>
/// <param name="dropped">What the binder does with such an entry, ending every error.</param>
internal abstract class ConfigurationDropValidator<TOptions>(IServiceProvider services, string dropped) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (ConfigurationDropCheck.ConfigurationOf(services) is not { } configuration)
        {
            return ValidateOptionsResult.Success;
        }

        var check = new ConfigurationDropCheck(dropped);
        Check(configuration, check);
        return check.Result();
    }

    /// <summary>Checks the entries of the section this validator covers.</summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="check">Where the errors go.</param>
    protected abstract void Check(IConfiguration configuration, ConfigurationDropCheck check);
}
