using AuditTrail.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Tests.Configuration;

/// <summary>A host whose <see cref="AuditTrailOptions"/> (and, with <c>review</c>, <see cref="AuditReviewOptions"/>) come from in-memory configuration, as the README documents.</summary>
internal static class ConfigurationHost
{
    public static IHost Build(Dictionary<string, string?> settings, bool review = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        var audit = builder.Services.AddAuditTrail(o => o.RecordLifecycleEvents = false).UseStore(_ => new FakeAuditStore());
        builder.Services.Configure<AuditTrailOptions>(builder.Configuration.GetSection("AuditTrail"));
        if (review)
        {
            audit.AddReview();
            builder.Services.Configure<AuditReviewOptions>(builder.Configuration.GetSection("AuditTrail:Review"));
        }

        return builder.Build();
    }
}
