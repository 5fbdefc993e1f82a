using System.Security.Cryptography;
using AuditTrail;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Signed checkpoints on <see cref="IAuditTrailBuilder"/>.</summary>
public static class AuditTrailIntegrityBuilderExtensions
{
    /// <summary>
    /// Signs the head of the hash chain every <see cref="AuditCheckpointOptions.EveryEvents"/> records or
    /// <see cref="AuditCheckpointOptions.Interval"/>, and the retention anchor after every purge, and keeps the
    /// checkpoints outside the database (a folder by default). The in-process <see cref="IAuditVerifier"/> then
    /// checks them too.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Sets the key and the folder.</param>
    /// <returns>The builder.</returns>
    public static IAuditTrailBuilder AddCheckpoints(this IAuditTrailBuilder builder, Action<AuditCheckpointOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<AuditCheckpointOptions>().Configure(configure).ValidateOnStart();
        if (services.Any(d => d.ServiceType == typeof(AuditCheckpointWriter)))
        {
            return builder;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditCheckpointOptions>, AuditCheckpointOptionsValidator>());
        services.TryAddSingleton<IAuditCheckpointSink>(sp => new FileSystemAuditCheckpointSink(
            sp.GetRequiredService<IOptions<AuditCheckpointOptions>>().Value.Directory
            ?? throw new InvalidOperationException("AuditCheckpointOptions.Directory is required unless an IAuditCheckpointSink is registered.")));
        services.TryAddSingleton(sp => new AuditCheckpointSigner(LoadSigningKey(sp.GetRequiredService<IOptions<AuditCheckpointOptions>>().Value)));
        services.TryAddSingleton<AuditCheckpointWriter>();
        services.TryAddSingleton<IAuditCheckpointWriter>(sp => sp.GetRequiredService<AuditCheckpointWriter>());
        services.Replace(ServiceDescriptor.Singleton<IAuditVerifier>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AuditCheckpointOptions>>().Value;
            var keys = AuditKeyRing.FromPemFiles(options.TrustedPublicKeyPaths);
            keys.Add(LoadSigningKey(options));
            return new AuditVerifier(
                ChainOf(sp),
                sp.GetRequiredService<IAuditCheckpointSink>(),
                keys,
                sp.GetRequiredService<IOptions<AuditTrailOptions>>().Value.Retention,
                sp.GetRequiredService<TimeProvider>());
        }));
        services.AddHostedService<AuditCheckpointService>();
        return builder;
    }

    /// <summary>The chain of the registered store, for the verifier.</summary>
    internal static IAuditChainStore ChainOf(IServiceProvider services) =>
        services.GetRequiredService<IAuditStore>() as IAuditChainStore
        ?? throw new InvalidOperationException("The registered audit store does not keep a hash chain (it does not implement IAuditChainStore), so it cannot be verified.");

    private static ECDsa LoadSigningKey(AuditCheckpointOptions options)
    {
        if (options.SigningKey is { } key)
        {
            return key;
        }

        var loaded = ECDsa.Create();
        loaded.ImportFromPem(File.ReadAllText(options.SigningKeyPath!));
        return loaded;
    }
}
