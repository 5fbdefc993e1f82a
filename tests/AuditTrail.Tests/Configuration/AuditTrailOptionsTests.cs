using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Configuration;

public sealed class AuditTrailOptionsTests
{
    [Fact]
    public async Task HostStart_InvalidOptions_FailsWithOneMessageNamingEveryOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o =>
        {
            o.QueueCapacity = 0;
            o.MaxBatchSize = 20_000;
            o.WriteRetryDelay = TimeSpan.FromMinutes(-1);
            o.Retention.Period = TimeSpan.FromHours(1);
            o.Retention.BatchSize = 0;
        }).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().HaveCount(5);
        error.Message.Should()
            .Contain("AuditTrailOptions.QueueCapacity is 0; it must be between 1 and 1000000")
            .And.Contain("AuditTrailOptions.MaxBatchSize is 20000; it must be between 1 and 10000")
            .And.Contain("AuditTrailOptions.WriteRetryDelay")
            .And.Contain("AuditTrailOptions.Retention.Period is 01:00:00; it must be at least 1.00:00:00")
            .And.Contain("AuditTrailOptions.Retention.BatchSize is 0");
    }

    [Fact]
    public async Task HostStart_InvalidDeliveryOptions_FailsNamingEachOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o =>
        {
            o.FailurePolicy = (AuditFailurePolicy)7;
            o.FailurePolicyByActionType[AuditActionType.Delete] = (AuditFailurePolicy)9;
            o.FailurePolicyByAction[" "] = AuditFailurePolicy.FailClosed;
            o.Spool.Directory = "";
            o.Spool.MaxSizeBytes = 1024;
            o.Spool.ReplayInterval = TimeSpan.Zero;
        }).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().BeEquivalentTo(
            "AuditTrailOptions.FailurePolicy is 7; allowed values are FailClosed and FailOpen.",
            "AuditTrailOptions.FailurePolicyByActionType[Delete] is 9; allowed values are FailClosed and FailOpen.",
            "AuditTrailOptions.FailurePolicyByAction has an empty action code; remove it.",
            "AuditTrailOptions.Spool.Directory is empty; set a directory path, or null for no spool.",
            "AuditTrailOptions.Spool.MaxSizeBytes is 1024; it must be between 1048576 (1 MiB) and 1099511627776 (1 TiB).",
            "AuditTrailOptions.Spool.ReplayInterval is 00:00:00; it must be between 00:00:00.010 and 01:00:00.");
    }

    [Fact]
    public async Task HostStart_NoStore_FailsSayingWhatToAdd()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail();
        using var host = builder.Build();

        var act = () => host.StartAsync();

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("No audit store is configured*UseSqlite*");
    }

    [Fact]
    public async Task AddAuditTrail_CalledTwice_RegistersOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuditTrail(o => o.QueueCapacity = 7).UseStore(_ => new FakeAuditStore());
        services.AddAuditTrail(o => o.MaxBatchSize = 9);

        await using var provider = services.BuildServiceProvider();

        services.Count(d => d.ServiceType == typeof(IAuditLogger)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IHostedService)).Should().Be(2);
        var options = provider.GetRequiredService<IOptions<AuditTrailOptions>>().Value;
        (options.QueueCapacity, options.MaxBatchSize).Should().Be((7, 9));
    }
}
