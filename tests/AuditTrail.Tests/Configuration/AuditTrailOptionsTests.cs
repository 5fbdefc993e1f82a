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
            o.GroupCommitWait = TimeSpan.FromSeconds(1);
            o.Retention.Period = TimeSpan.FromHours(1);
            o.Retention.BatchSize = 0;
        }).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().HaveCount(6);
        error.Message.Should()
            .Contain("AuditTrailOptions.QueueCapacity is 0; it must be between 1 and 1000000")
            .And.Contain("AuditTrailOptions.GroupCommitWait is 00:00:01; it must be between 00:00:00 and 00:00:00.1 (100 ms)")
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
            "AuditTrailOptions.Spool.Directory is empty; set a directory path, or null for the store's default (AuditTrailOptions.Spool.Disabled = true for none).",
            "AuditTrailOptions.Spool.MaxSizeBytes is 1024; it must be between 1048576 (1 MiB) and 1099511627776 (1 TiB).",
            "AuditTrailOptions.Spool.ReplayInterval is 00:00:00; it must be between 00:00:00.010 and 01:00:00.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86_401)]
    public async Task HostStart_MaxClockJumpOutOfRange_FailsNamingIt(int seconds)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o => o.Retention.MaxClockJump = TimeSpan.FromSeconds(seconds)).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().ContainSingle().Which.Should()
            .Be($"AuditTrailOptions.Retention.MaxClockJump is {TimeSpan.FromSeconds(seconds)}; it must be between 00:00:01 and 1.00:00:00.");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(86_401)]
    public async Task HostStart_MaxClockDisagreementOutOfRange_FailsNamingIt(int seconds)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o => o.Retention.MaxClockDisagreement = TimeSpan.FromSeconds(seconds)).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().ContainSingle().Which.Should()
            .Be($"AuditTrailOptions.Retention.MaxClockDisagreement is {TimeSpan.FromSeconds(seconds)}; it must be between 00:00:01 and 1.00:00:00.");
    }

    [Fact]
    public async Task HostStart_SpoolDirectoryWithoutASpool_FailsSayingWhatToAdd()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o => o.Spool.Directory = "audit.spool").UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle()
            .Which.Should().Be(
                "AuditTrailOptions.Spool.Directory is 'audit.spool' but no spool is registered: add the AuditTrail.Spool package " +
                "and call UseFileSpool() on the builder that AddAuditTrail() returns (the SQLite, PostgreSQL and SQL Server stores do this).");
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

    public static TheoryData<Action<AuditIpPseudonymizationOptions>, string> InvalidPseudonymization => new()
    {
        { o => o.Mode = AuditIpPseudonymizationMode.KeyedHash, "AuditTrailOptions.SourceIpPseudonymization.Key is not set; KeyedHash needs a secret key of at least 32 random bytes." },
        { o => (o.Mode, o.Key) = (AuditIpPseudonymizationMode.KeyedHash, []), "AuditTrailOptions.SourceIpPseudonymization.Key is not set; KeyedHash needs a secret key of at least 32 random bytes." },
        { o => (o.Mode, o.Key) = (AuditIpPseudonymizationMode.KeyedHash, new byte[31]), "AuditTrailOptions.SourceIpPseudonymization.Key is 31 bytes long; KeyedHash needs at least 32." },
        { o => o.Key = new byte[32], "AuditTrailOptions.SourceIpPseudonymization.Key is set but AuditTrailOptions.SourceIpPseudonymization.Mode is None; set Mode to KeyedHash, or remove the key." },
        { o => (o.Mode, o.Key) = (AuditIpPseudonymizationMode.Truncate, new byte[32]), "AuditTrailOptions.SourceIpPseudonymization.Key is set but AuditTrailOptions.SourceIpPseudonymization.Mode is Truncate; set Mode to KeyedHash, or remove the key." },
        { o => (o.Mode, o.IPv4PrefixLength) = (AuditIpPseudonymizationMode.Truncate, 25), "AuditTrailOptions.SourceIpPseudonymization.IPv4PrefixLength is 25; it must be between 0 and 24." },
        { o => o.IPv4PrefixLength = -1, "AuditTrailOptions.SourceIpPseudonymization.IPv4PrefixLength is -1; it must be between 0 and 24." },
        { o => (o.Mode, o.IPv6PrefixLength) = (AuditIpPseudonymizationMode.Truncate, 128), "AuditTrailOptions.SourceIpPseudonymization.IPv6PrefixLength is 128; it must be between 0 and 64." },
        { o => o.Mode = (AuditIpPseudonymizationMode)9, "AuditTrailOptions.SourceIpPseudonymization.Mode is 9; allowed values are None, Truncate and KeyedHash." },
    };

    [Theory]
    [MemberData(nameof(InvalidPseudonymization))]
    public async Task HostStart_InvalidSourceIpPseudonymization_FailsNamingTheOption(Action<AuditIpPseudonymizationOptions> configure, string expected)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o => configure(o.SourceIpPseudonymization)).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().Equal(expected);
    }

    [Fact]
    public async Task HostStart_KeyedHashWithA32ByteKey_Starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail(o =>
        {
            o.SourceIpPseudonymization.Mode = AuditIpPseudonymizationMode.KeyedHash;
            o.SourceIpPseudonymization.Key = new byte[32];
        }).UseStore(_ => new FakeAuditStore());
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();
    }
}
