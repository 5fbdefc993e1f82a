using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Sqlite.Tests.Support;

/// <summary>A bare builder, so that the store registration is tested without the rest of the pipeline.</summary>
public sealed class TestAuditTrailBuilder(IServiceCollection services) : IAuditTrailBuilder
{
    public IServiceCollection Services { get; } = services;
}
