using System.Diagnostics.CodeAnalysis;
using AuditTrail;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Feed consumers on <see cref="IAuditTrailBuilder"/>.</summary>
public static class AuditConsumerBuilderExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TConsumer"/> (a singleton) as the consumer <paramref name="name"/> of the trail
    /// after commit: a hosted service hands it every committed record, in commit order, at least once, and keeps its
    /// position and lease in the store under <paramref name="name"/>, so it resumes after a restart and runs in one
    /// application instance at a time. Retention keeps what it has not handled (see <see cref="AuditConsumerOptions.MaxLag"/>).
    /// </summary>
    /// <typeparam name="TConsumer">The consumer.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The consumer's name, unique in the store; it must match <c>^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$</c>.</param>
    /// <param name="configure">Configures the consumer's options; validated when the host starts.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The name is not valid, or a consumer of that name is registered already.</exception>
    public static IAuditTrailBuilder AddConsumer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TConsumer>(
        this IAuditTrailBuilder builder, string name, Action<AuditConsumerOptions>? configure = null)
        where TConsumer : class, IAuditConsumer
    {
        ArgumentNullException.ThrowIfNull(builder);
        Register(builder, name, sp => sp.GetRequiredService<TConsumer>(), ownsConsumer: false, configure);
        builder.Services.TryAddSingleton<TConsumer>();
        return builder;
    }

    /// <summary>
    /// Registers the consumer <paramref name="name"/> as <see cref="AddConsumer{TConsumer}(IAuditTrailBuilder, string, Action{AuditConsumerOptions})"/> does, made by
    /// <paramref name="factory"/> when the host starts: for several consumers of one type with options of their own
    /// (two syslog receivers, say). The runner disposes the instance when the host stops, if it is disposable.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The consumer's name, unique in the store; it must match <c>^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$</c>.</param>
    /// <param name="factory">Makes the consumer from the application's services.</param>
    /// <param name="configure">Configures the consumer's options; validated when the host starts.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The name is not valid, or a consumer of that name is registered already.</exception>
    public static IAuditTrailBuilder AddConsumerFactory(
        this IAuditTrailBuilder builder, string name, Func<IServiceProvider, IAuditConsumer> factory, Action<AuditConsumerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(factory);
        Register(builder, name, factory, ownsConsumer: true, configure);
        return builder;
    }

    private static void Register(IAuditTrailBuilder builder, string name, Func<IServiceProvider, IAuditConsumer> create, bool ownsConsumer, Action<AuditConsumerOptions>? configure)
    {
        if (AuditConsumerRegistration.GetNameProblem(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(AuditConsumerRegistration) && ((AuditConsumerRegistration?)d.ImplementationInstance)?.Name == name))
        {
            throw new ArgumentException($"A consumer named '{name}' is registered already; each consumer needs a name of its own.", nameof(name));
        }

        var options = services.AddOptions<AuditConsumerOptions>(name).ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddSingleton(new AuditConsumerRegistration(name, create, ownsConsumer));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditConsumerOptions>, AuditConsumerOptionsValidator>());
        services.TryAddSingleton<AuditConsumerStates>();
        services.TryAddSingleton(sp => AuditFeed.Create(sp.GetRequiredService<IAuditStore>(), sp.GetService<IAuditConsumerCheckpoints>()));
        services.TryAddSingleton<AuditConsumerRetentionGuard>();
        services.AddSingleton<IHostedService>(sp => new AuditConsumerService(name, sp));
    }
}
