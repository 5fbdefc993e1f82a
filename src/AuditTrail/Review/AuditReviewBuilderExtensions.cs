using System.Diagnostics.CodeAnalysis;
using AuditTrail;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The review of the trail and its continuous alerts on <see cref="IAuditTrailBuilder"/>.</summary>
public static class AuditReviewBuilderExtensions
{
    /// <summary>The feed consumer name of the continuous review (its position is kept in the store under it).</summary>
    public const string AlertsConsumerName = "review-alerts";

    /// <summary>
    /// Registers <see cref="IAuditReview"/>: the detectors of <see cref="AuditDetectors"/> over a period of the trail.
    /// Calling it again adds <paramref name="configure"/> to the same options.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets thresholds, maintenance windows and admin roles; validated when the host starts.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder AddReview(this IAuditTrailBuilder builder, Action<AuditReviewOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AuditReviewOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditReviewOptions>, AuditReviewOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditReviewOptions>, AuditMaintenanceConfigurationValidator>());
        services.TryAddSingleton<IAuditReview, AuditReview>();
        return builder;
    }

    /// <summary>
    /// Runs the detectors continuously as the feed consumer <see cref="AlertsConsumerName"/> and hands each new finding,
    /// once per episode and also across restarts, to every registered <see cref="IAuditAlertSink"/>; the logging sink
    /// (warnings and errors through <c>ILogger</c>) is always one of them. Calls <see cref="AddReview"/>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the consumer (batch size, poll interval).</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder AddReviewAlerts(this IAuditTrailBuilder builder, Action<AuditConsumerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddReview();
        AddSink<AuditLoggingAlertSink>(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(AuditConsumerRegistration) && ((AuditConsumerRegistration?)d.ImplementationInstance)?.Name == AlertsConsumerName))
        {
            if (configure is not null)
            {
                builder.Services.Configure(AlertsConsumerName, configure);
            }

            return builder;
        }

        return builder.AddConsumer<AuditReviewAlertConsumer>(AlertsConsumerName, configure);
    }

    /// <summary>
    /// Registers <typeparamref name="TSink"/> (a singleton) as a destination of the continuous review's findings, and
    /// the continuous review itself (<see cref="AddReviewAlerts"/> with its defaults) when it is not registered yet, so
    /// that a sink is never registered without anything to hand it findings.
    /// </summary>
    /// <typeparam name="TSink">The sink.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder AddAlertSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(this IAuditTrailBuilder builder)
        where TSink : class, IAuditAlertSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddSink<TSink>(builder);
        return builder.AddReviewAlerts();
    }

    private static void AddSink<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSink>(IAuditTrailBuilder builder)
        where TSink : class, IAuditAlertSink =>
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuditAlertSink, TSink>());

    /// <summary>
    /// Records each finding of the continuous review in the trail as a <see cref="AuditActions.ReviewFinding"/> event by
    /// the System actor (a <see cref="AuditActionType.Security"/> event with the detector, severity, summary and evidence
    /// ids in its metadata). Those records are never evidence of another finding. Registers the continuous review
    /// (<see cref="AddReviewAlerts"/>) when it is not registered yet.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder AddReviewFindingsAsEvents(this IAuditTrailBuilder builder) => builder.AddAlertSink<AuditEventAlertSink>();
}
