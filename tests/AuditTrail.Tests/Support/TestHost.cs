using Microsoft.Extensions.DependencyInjection;

using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Support;

/// <summary>Builds a service provider with AuditTrail over a <see cref="FakeAuditStore"/> (or another store).</summary>
public static class TestHost
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 14, 34, 0, TimeSpan.Zero);

    public static ServiceProvider Create(
        IAuditStore store,
        Action<AuditTrailOptions>? configure = null,
        TimeProvider? time = null,
        Action<IServiceCollection>? services = null,
        Action<IAuditTrailBuilder>? trail = null)
    {
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton(time ?? new ManualTimeProvider(Start));
        var builder = collection.AddAuditTrail(options =>
        {
            options.WriteRetryDelay = TimeSpan.Zero;
            configure?.Invoke(options);

            // A test that sets no directory means no spool, not the default one under the home directory.
            options.Spool.Disabled |= options.Spool.Directory is null;
        }).UseStore(_ => store).UseFileSpool();
        trail?.Invoke(builder);
        services?.Invoke(collection);
        return collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
