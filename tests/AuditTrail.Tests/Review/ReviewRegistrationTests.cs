using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Review;

public sealed class ReviewRegistrationTests
{
    [Fact]
    public void AddReview_RegistersTheReviewWithTheConfiguredOptions()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuditTrail().UseStore(_ => new ReviewStore()).AddReview(o => o.BruteForce.Threshold = 5);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        provider.GetRequiredService<IAuditReview>().Should().NotBeNull();
        provider.GetRequiredService<IOptions<AuditReviewOptions>>().Value.BruteForce.Threshold.Should().Be(5);
    }

    [Fact]
    public void AddReviewAlerts_RegistersTheConsumerTheLoggingSinkAndTheChosenSinksOnce()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuditTrail().UseStore(_ => new ReviewStore())
            .AddReviewAlerts().AddReviewAlerts(o => o.BatchSize = 100)
            .AddReviewFindingsAsEvents().AddAlertSink<RecordingAlertSink>().AddAlertSink<RecordingAlertSink>();
        using var provider = services.BuildServiceProvider();

        provider.GetServices<IAuditAlertSink>().Select(s => s.GetType().Name).Should()
            .BeEquivalentTo(["AuditLoggingAlertSink", "AuditEventAlertSink", nameof(RecordingAlertSink)]);
        provider.GetRequiredService<IOptionsMonitor<AuditConsumerOptions>>().Get(AuditReviewBuilderExtensions.AlertsConsumerName).BatchSize.Should().Be(100);
        provider.GetRequiredService<IAuditReview>().Should().NotBeNull();
    }

    [Fact]
    public void AddAlertSink_WithoutAddReviewAlerts_StillRunsTheContinuousReview_SoTheSinkIsNotSilentlyIdle()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuditTrail().UseStore(_ => new ReviewStore()).AddAlertSink<RecordingAlertSink>();
        using var provider = services.BuildServiceProvider();

        services.Should().ContainSingle(d => d.ServiceType == typeof(AuditConsumerRegistration)
            && ((AuditConsumerRegistration)d.ImplementationInstance!).Name == AuditReviewBuilderExtensions.AlertsConsumerName);
        provider.GetServices<IAuditAlertSink>().Select(s => s.GetType().Name).Should()
            .BeEquivalentTo(["AuditLoggingAlertSink", nameof(RecordingAlertSink)]);
        provider.GetRequiredService<IAuditReview>().Should().NotBeNull();
    }

    [Fact]
    public void AddReviewFindingsAsEvents_WithoutAddReviewAlerts_StillRunsTheContinuousReview()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddAuditTrail().UseStore(_ => new ReviewStore()).AddReviewFindingsAsEvents().AddReviewAlerts(o => o.BatchSize = 100);
        using var provider = services.BuildServiceProvider();

        services.Should().ContainSingle(d => d.ServiceType == typeof(AuditConsumerRegistration)
            && ((AuditConsumerRegistration)d.ImplementationInstance!).Name == AuditReviewBuilderExtensions.AlertsConsumerName);
        provider.GetRequiredService<IOptionsMonitor<AuditConsumerOptions>>().Get(AuditReviewBuilderExtensions.AlertsConsumerName).BatchSize.Should().Be(100);
    }

    [Fact]
    public void Validate_NullEntriesAndEmptyNames_NameTheExactEntry()
    {
        var options = new AuditReviewOptions();
        options.Maintenance.OneOff.Add(null!);
        options.Admins.RoleNames.Add(" ");
        options.Admins.PermissionNames.Add(null!);

        var result = new AuditReviewOptionsValidator().Validate(null, options);

        result.Failures.Should().BeEquivalentTo(
            "AuditReviewOptions.Maintenance.OneOff[0] is null.",
            "AuditReviewOptions.Admins.RoleNames holds an empty name (' ').",
            "AuditReviewOptions.Admins.PermissionNames holds an empty name (null).");
    }

    [Fact]
    public async Task HostStart_InvalidReviewOptions_FailsWithOneMessageNamingEveryOption()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuditTrail().UseStore(_ => new FakeAuditStore()).AddReview(o =>
        {
            o.BruteForce.Threshold = 0;
            o.PasswordSpraying.Window = TimeSpan.Zero;
            o.LoginBaseline.TimeZoneId = "Mars/Olympus_Mons";
            o.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Saturday, new TimeOnly(22, 0), TimeSpan.Zero));
            o.Maintenance.OneOff.Add(new AuditMaintenancePeriod(Trail.Monday, Trail.Monday));
            o.DisabledDetectors.Add("bruteforce");
            o.MaxEvidenceIds = 0;
            o.MaxAlertAge = TimeSpan.FromSeconds(59);
        });
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Failures.Should().HaveCount(8);
        error.Message.Should()
            .Contain("AuditReviewOptions.BruteForce.Threshold is 0; it must be at least 1.")
            .And.Contain("AuditReviewOptions.PasswordSpraying.Window is 00:00:00; it must be between 00:00:01 and 1.00:00:00.")
            .And.Contain("AuditReviewOptions.LoginBaseline.TimeZoneId is 'Mars/Olympus_Mons', which is not a time zone this system knows")
            .And.Contain("AuditReviewOptions.Maintenance.Weekly[0].Duration is 00:00:00; it must be more than zero and at most 7.00:00:00.")
            .And.Contain("AuditReviewOptions.Maintenance.OneOff[0] must have To after From.")
            .And.Contain("AuditReviewOptions.DisabledDetectors names 'bruteforce', which is not a detector")
            .And.Contain("AuditReviewOptions.MaxEvidenceIds is 0; it must be between 1 and 10000.")
            .And.Contain("AuditReviewOptions.MaxAlertAge is 00:00:59; it must be between 00:01:00 and 3650.00:00:00.");
    }

    [Fact]
    public void Validate_DefaultsAndWindowsInIanaAndWindowsZones_AreValid()
    {
        var options = new AuditReviewOptions();
        options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(2, 0), TimeSpan.FromHours(4), "Europe/Berlin"));
        options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(2, 0), TimeSpan.FromHours(4), "W. Europe Standard Time"));

        new AuditReviewOptionsValidator().Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Fact]
    public void Validate_WindowOnAnUndefinedDay_NamesTheWindowsDay()
    {
        var options = new AuditReviewOptions();
        options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Sunday, new TimeOnly(2, 0), TimeSpan.FromHours(4)));
        options.Maintenance.Weekly.Add(new AuditMaintenanceWindow((DayOfWeek)9, new TimeOnly(2, 0), TimeSpan.FromHours(4)));

        var result = new AuditReviewOptionsValidator().Validate(null, options);

        result.Failures.Should().BeEquivalentTo("AuditReviewOptions.Maintenance.Weekly[1].Day is 9; it must be a DayOfWeek, Sunday to Saturday.");
    }
}
