using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Feed;

public sealed class AuditConsumerRegistrationTests
{
    [Fact]
    public async Task HostStart_InvalidConsumerOptions_FailsWithOneMessageNamingTheConsumerAndEveryOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseStore(_ => new FakeAuditStore()).AddConsumer<NullConsumer>("siem", o =>
        {
            o.BatchSize = 0;
            o.PollInterval = TimeSpan.FromSeconds(10);
            o.LeaseDuration = TimeSpan.FromSeconds(15);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(10);
            o.MaxLag = TimeSpan.Zero;
        });
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().HaveCount(4);
        error.Message.Should()
            .Contain("AuditConsumerOptions of consumer 'siem': BatchSize is 0; it must be between 1 and 10000")
            .And.Contain("LeaseDuration is 00:00:15; it must be at least twice PollInterval (00:00:10)")
            .And.Contain("RetryMaxDelay is 00:00:00.0100000; it must not be below RetryBaseDelay (00:00:01)")
            .And.Contain("MaxLag is 00:00:00; it must be positive");
    }

    [Fact]
    public async Task HostStart_ConsumerDelaysPastTheirLimits_FailsNamingEachOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseStore(_ => new FakeAuditStore()).AddConsumer<NullConsumer>("siem", o =>
        {
            o.PollInterval = TimeSpan.FromDays(60);
            o.LeaseDuration = TimeSpan.FromDays(200);
            o.RetryBaseDelay = TimeSpan.FromDays(2);
            o.RetryMaxDelay = TimeSpan.FromDays(3);
        });
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().BeEquivalentTo(
            "AuditConsumerOptions of consumer 'siem': PollInterval is 60.00:00:00; it must be positive and at most 01:00:00.",
            "AuditConsumerOptions of consumer 'siem': LeaseDuration is 200.00:00:00; it must be at most 1.00:00:00.",
            "AuditConsumerOptions of consumer 'siem': RetryBaseDelay is 2.00:00:00; it must be positive and at most 1.00:00:00.",
            "AuditConsumerOptions of consumer 'siem': RetryMaxDelay is 3.00:00:00; it must be at most 1.00:00:00.");
    }

    [Fact]
    public async Task HostStart_PollIntervalAtTimeSpanMaxValue_FailsNamingTheOption_NotOverflowing()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseStore(_ => new FakeAuditStore()).AddConsumer<NullConsumer>("siem", o => o.PollInterval = TimeSpan.MaxValue);
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().ContainSingle().Which.Should().StartWith("AuditConsumerOptions of consumer 'siem': PollInterval is 10675199.02:48:05.4775807; it must be positive and at most 01:00:00.");
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("-leading-dash")]
    [InlineData("siem\n")]
    public void AddConsumer_InvalidName_ThrowsNamingTheRule(string name)
    {
        var builder = new ServiceCollection().AddAuditTrail();

        var act = () => builder.AddConsumer<NullConsumer>(name);

        act.Should().Throw<ArgumentException>().WithMessage($"The consumer name '{name}' is not valid: it must match *");
    }

    [Fact]
    public void AddConsumer_SameNameTwice_Throws()
    {
        var builder = new ServiceCollection().AddAuditTrail().AddConsumer<NullConsumer>("siem");

        var act = () => builder.AddConsumer<NullConsumer>("siem");

        act.Should().Throw<ArgumentException>().WithMessage("A consumer named 'siem' is registered already*");
    }

    [Fact]
    public async Task HostStart_StoreWithoutAFeed_FailsSayingWhy()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseStore(_ => new FakeAuditStore()).AddConsumer<NullConsumer>("siem");
        using var host = builder.Build();

        var act = () => host.StartAsync();

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should()
            .Be("Audit consumers read the store as a feed, but FakeAuditStore does not implement IAuditChainStore.");
    }

    private sealed class NullConsumer : IAuditConsumer
    {
        public Task HandleAsync(IReadOnlyList<AuditFeedEntry> batch, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
