using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.Delivery.Tests;

/// <summary>Where fail-open events are spooled when the host does not say.</summary>
public sealed class SpoolLocationTests
{
    private static string? SpoolDirectory(Action<IAuditTrailBuilder> useStore, Action<AuditTrailOptions>? configure = null)
    {
        var services = new ServiceCollection();
        useStore(services.AddAuditTrail(configure));
        using var provider = services.BuildServiceProvider();

        // The configured options without their validators, which would create the directory to try it.
        var options = new AuditTrailOptions();
        foreach (var setup in provider.GetServices<IConfigureOptions<AuditTrailOptions>>())
        {
            setup.Configure(options);
        }

        foreach (var post in provider.GetServices<IPostConfigureOptions<AuditTrailOptions>>())
        {
            post.PostConfigure(Options.DefaultName, options);
        }

        return options.Spool.Directory;
    }

    [Fact]
    public void UseSqlite_DatabasePath_SpoolsBesideTheDatabase()
    {
        var database = Path.Combine(Path.GetTempPath(), "data", "audit.db");

        SpoolDirectory(b => b.UseSqlite(database)).Should().Be(database + ".spool");
    }

    [Fact]
    public void UseSqlite_UriConnectionString_SpoolsBesideTheFileItNames()
    {
        SpoolDirectory(b => b.UseSqlite(o => o.ConnectionString = "Data Source=file:/var/lib/app/audit%20trail.db?cache=shared"))
            .Should().Be("/var/lib/app/audit trail.db.spool");
    }

    [Fact]
    public void ExplicitSpoolDirectory_WinsOverTheStoreDefault()
    {
        var chosen = Path.Combine(Path.GetTempPath(), "my-spool");

        SpoolDirectory(b => b.UseSqlite("audit.db"), o => o.Spool.Directory = chosen).Should().Be(chosen);
    }

    [Fact]
    public void AnotherStore_HasNoDefaultSpool()
    {
        SpoolDirectory(b => b.UseStore(_ => throw new InvalidOperationException("not resolved here"))).Should().BeNull();
    }
}
