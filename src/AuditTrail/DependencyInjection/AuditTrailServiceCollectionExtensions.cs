using AuditTrail;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AuditTrail in a service collection.</summary>
public static class AuditTrailServiceCollectionExtensions
{
    /// <summary>
    /// Adds the audit pipeline: <see cref="IAuditLogger"/>, the role-aware <see cref="IAuditReader"/>,
    /// <see cref="IAuditContextAccessor"/>, <see cref="IAuditSourceIpPseudonymizer"/>, the writer with its failure policies and retry (a spool is registered by a store or <c>UseSpool</c>), metrics (a meter named
    /// <c>AuditTrail</c>), retention and their hosted services. Every <see cref="IAuditFailureListener"/> and
    /// <see cref="IAuditWriteErrorClassifier"/> registered in <paramref name="services"/> is used. Calling it
    /// again only applies <paramref name="configure"/> once more. A store must be chosen on the returned
    /// builder, for example <c>.UseSqlite("audit.db")</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Configures the options; validated when the host starts.</param>
    /// <returns>A builder to choose the store on.</returns>
    public static IAuditTrailBuilder AddAuditTrail(this IServiceCollection services, Action<AuditTrailOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<AuditTrailOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(AuditTrailMarker)))
        {
            return new AuditTrailBuilder(services);
        }

        services.AddSingleton<AuditTrailMarker>();

        // The pipeline reports failures through ILogger; AddLogging is idempotent and keeps a host's own setup.
        services.AddLogging();
        services.AddMetrics();
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditTrailOptions>, AuditTrailOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditTrailOptions>, AuditRetentionRulesConfigurationValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditTrailOptions>, AuditFailurePolicyConfigurationValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditTrailOptions>, AuditOcsfActionsConfigurationValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditContextAccessor, AuditContextAccessor>();
        services.TryAddSingleton<IAuditStore>(_ => throw new InvalidOperationException(
            "No audit store is configured. Choose one on the builder that AddAuditTrail() returns, for example " +
            "services.AddAuditTrail().UseSqlite(\"audit.db\") from the AuditTrail.Sqlite package."));
        services.TryAddSingleton<IAuditSink>(sp => sp.GetRequiredService<IAuditStore>());
        services.TryAddSingleton<IAuditSourceIpPseudonymizer, AuditSourceIpPseudonymizer>();
        services.TryAddSingleton<AuditEventNormalizer>();
        services.TryAddSingleton<AuditMetrics>();
        services.TryAddSingleton<AuditWriteErrorClassification>();
        services.TryAddSingleton<AuditFailurePolicyResolver>();
        services.TryAddSingleton<AuditFailureReporter>();
        services.TryAddSingleton<AuditWriteRetry>();
        services.TryAddSingleton(sp => new AuditSpoolSlot(sp.GetService<AuditSpoolRegistration>()?.Create(sp)));
        services.TryAddSingleton<AuditWriteQueue>();
        services.TryAddSingleton<AuditEventSubmitter>();
        services.TryAddSingleton<IAuditLogger, AuditLogger>();
        services.TryAddSingleton<IAuditReader, AuditReader>();
        services.TryAddSingleton<IAuditHistogram, AuditHistogramReader>();
        services.TryAddSingleton<IAuditChainPositions, AuditChainPositions>();
        services.TryAddSingleton<AuditClockWatch>();
        services.TryAddSingleton<AuditRetentionClockGuard>();
        services.TryAddSingleton<IAuditLegalHolds, AuditLegalHolds>();
        services.TryAddSingleton<IAuditRecordHoldCheck, AuditLegalHoldRecordCheck>();
        services.TryAddSingleton<AuditTombstoner>();
        services.TryAddSingleton<AuditRetentionArchive>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditTrailOptions>, AuditArchiveOptionsValidator>());
        services.TryAddSingleton<IAuditRetention, AuditRetention>();
        services.TryAddSingleton<IAuditErasure, AuditErasure>();
        services.TryAddSingleton<IAuditVerifier>(sp => new AuditVerifier(
            AuditTrailIntegrityBuilderExtensions.ChainOf(sp),
            checkpoints: null,
            keys: null,
            sp.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Retention,
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<AuditTrailHostedService>();
        services.AddHostedService<AuditRetentionService>();
        return new AuditTrailBuilder(services);
    }

    private sealed class AuditTrailMarker;

    private sealed class AuditTrailBuilder(IServiceCollection services) : IAuditTrailBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}
