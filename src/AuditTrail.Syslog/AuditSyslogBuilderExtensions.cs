using AuditTrail;
using AuditTrail.Syslog;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Forwards the trail to a syslog receiver, as a consumer of the feed.</summary>
public static class AuditSyslogBuilderExtensions
{
    /// <summary>The consumer name of a syslog forwarder registered without one: <c>syslog</c>.</summary>
    public const string DefaultConsumerName = "syslog";

    /// <summary>
    /// Registers an <see cref="AuditSyslogForwarder"/> as the feed consumer <see cref="DefaultConsumerName"/>, as
    /// <see cref="AddSyslogForwarder(IAuditTrailBuilder, string, Action{AuditSyslogOptions}, Action{AuditConsumerOptions})"/>
    /// does under a name of its own.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the receiver, transport and payload.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A consumer named <see cref="DefaultConsumerName"/> is registered already.</exception>
    public static IAuditTrailBuilder AddSyslogForwarder(this IAuditTrailBuilder builder, Action<AuditSyslogOptions> configure) =>
        builder.AddSyslogForwarder(DefaultConsumerName, configure, configureConsumer: null);

    /// <summary>
    /// Registers an <see cref="AuditSyslogForwarder"/> as the feed consumer <see cref="DefaultConsumerName"/> with
    /// consumer options, as <see cref="AddSyslogForwarder(IAuditTrailBuilder, string, Action{AuditSyslogOptions}, Action{AuditConsumerOptions})"/>
    /// does under a name of its own.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the receiver, transport and payload.</param>
    /// <param name="configureConsumer">The consumer's batch size, poll interval, lease and retry options, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A consumer named <see cref="DefaultConsumerName"/> is registered already.</exception>
    public static IAuditTrailBuilder AddSyslogForwarder(
        this IAuditTrailBuilder builder, Action<AuditSyslogOptions> configure, Action<AuditConsumerOptions>? configureConsumer) =>
        builder.AddSyslogForwarder(DefaultConsumerName, configure, configureConsumer);

    /// <summary>
    /// Registers an <see cref="AuditSyslogForwarder"/> as the feed consumer <paramref name="name"/>: every committed
    /// record is sent, in commit order, at least once, resuming after a restart from the position kept in the store.
    /// The options are validated when the host starts, each problem named with the forwarder's name. Call it again with
    /// another <paramref name="name"/> to forward to a second receiver: each forwarder has options, a connection and a
    /// position of its own.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The consumer's name in the store, also the name of its <see cref="AuditSyslogOptions"/>; it must match <c>^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$</c>.</param>
    /// <param name="configure">Sets the receiver, transport and payload.</param>
    /// <param name="configureConsumer">The consumer's batch size, poll interval, lease and retry options; optional.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A consumer of that name is registered already, or the name is not valid.</exception>
    public static IAuditTrailBuilder AddSyslogForwarder(
        this IAuditTrailBuilder builder, string name, Action<AuditSyslogOptions> configure, Action<AuditConsumerOptions>? configureConsumer = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        builder.AddConsumerFactory(
            name,
            provider => new AuditSyslogForwarder(
                provider.GetRequiredService<IOptionsMonitor<AuditSyslogOptions>>().Get(name),
                provider.GetService<IOptions<AuditTrailOptions>>()?.Value.Ocsf),
            configureConsumer);
        services.AddOptions<AuditSyslogOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditSyslogOptions>, AuditSyslogOptionsValidator>());
        return builder;
    }

    /// <summary>Names every problem of the options at start.</summary>
    private sealed class AuditSyslogOptionsValidator : IValidateOptions<AuditSyslogOptions>
    {
        public ValidateOptionsResult Validate(string? name, AuditSyslogOptions options)
        {
            var errors = AuditSyslogOptionsValidation.Collect(options);
            return errors.Count == 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail(errors.Select(e => $"Syslog forwarder '{name}': {e}"));
        }
    }
}
