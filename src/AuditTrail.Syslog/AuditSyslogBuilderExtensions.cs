using AuditTrail;
using AuditTrail.Syslog;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Forwards the trail to a syslog receiver, as a consumer of the feed.</summary>
public static class AuditSyslogBuilderExtensions
{
    /// <summary>The consumer name <see cref="AddSyslogForwarder"/> uses unless given another: <c>syslog</c>.</summary>
    public const string DefaultConsumerName = "syslog";

    /// <summary>
    /// Registers an <see cref="AuditSyslogForwarder"/> as the feed consumer <paramref name="name"/>: every committed
    /// record is sent, in commit order, at least once, resuming after a restart from the position kept in the store.
    /// The options are validated when the host starts, each problem named. One syslog forwarder per application.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the receiver, transport and payload.</param>
    /// <param name="configureConsumer">The consumer's batch size, poll interval, lease and retry options; optional.</param>
    /// <param name="name">The consumer's name in the store.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder AddSyslogForwarder(
        this IAuditTrailBuilder builder, Action<AuditSyslogOptions> configure, Action<AuditConsumerOptions>? configureConsumer = null, string name = DefaultConsumerName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<AuditSyslogOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditSyslogOptions>, AuditSyslogOptionsValidator>());
        services.TryAddSingleton(provider => new AuditSyslogForwarder(
            provider.GetRequiredService<IOptions<AuditSyslogOptions>>().Value,
            provider.GetService<IOptions<AuditTrailOptions>>()?.Value.Ocsf));
        return builder.AddConsumer<AuditSyslogForwarder>(name, configureConsumer);
    }

    /// <summary>Names every problem of the options at start.</summary>
    private sealed class AuditSyslogOptionsValidator : IValidateOptions<AuditSyslogOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuditSyslogOptions options)
        {
            var errors = AuditSyslogOptionsValidation.Collect(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
