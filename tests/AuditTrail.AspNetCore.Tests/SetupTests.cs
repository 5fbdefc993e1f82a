using AuditTrail.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore.Tests;

public sealed class SetupTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task UseAuditTrail_WithoutAddAuditTrail_FailsAtStartNamingWhatToAdd()
    {
        await using var app = BuildApp(_ => { });

        var act = () => app.UseAuditTrail();

        act.Should().Throw<InvalidOperationException>().WithMessage("*services.AddAuditTrail()*");
    }

    [Fact]
    public async Task MapAuditTrail_WithoutAddAuditTrail_FailsAtStartNamingWhatToAdd()
    {
        await using var app = BuildApp(_ => { });

        var act = () => app.MapAuditTrail("/audit");

        act.Should().Throw<InvalidOperationException>().WithMessage("*services.AddAuditTrail()*");
    }

    [Fact]
    public async Task UseAuditTrail_WithoutAddAspNetCore_FailsAtStartNamingWhatToAdd()
    {
        await using var app = BuildApp(services => services.AddAuditTrail().UseSqlite(_directory.Combine("unused.db")));

        var act = () => app.UseAuditTrail();

        act.Should().Throw<InvalidOperationException>().WithMessage("*.AddAspNetCore()*");
    }

    [Fact]
    public async Task InvalidOptions_FailTheStartWithEveryProblemInOneMessage()
    {
        var path = _directory.Combine("options.db");
        await using var app = BuildApp(services => services.AddAuditTrail().UseSqlite(path).AddAspNetCore(options =>
        {
            options.ActorIdClaimTypes.Clear();
            options.AdminRoles.Add(" ");
            options.TenantClaimType = "";
        }));

        var act = () => app.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().ContainAll("ActorIdClaimTypes", "AdminRoles", "TenantClaimType");
    }

    [Theory]
    [InlineData("<html><head>{{audit-head}}</head><body>{{audit_viewer}}</body></html>", "{{audit-viewer}}")]
    [InlineData("<html><head></head><body>{{audit-viewer}}</body></html>", "{{audit-head}}")]
    [InlineData("<html><head>{{audit-head}}</head><body>{{audit-viewer}}{{audit-viewer}}</body></html>", "{{audit-viewer}}")]
    public async Task ViewerLayout_WithoutEachPlaceholderOnce_FailsTheStartNamingTheOption(string layout, string placeholder)
    {
        // Served as it is, such a layout would be the host's chrome with no viewer, or with its ids twice.
        var path = _directory.Combine("options.db");
        await using var app = BuildApp(services => services.AddAuditTrail().UseSqlite(path).AddAspNetCore(options => options.ViewerLayout = layout));

        var act = () => app.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain($"ViewerLayout must contain {placeholder} exactly once");
    }

    [Fact]
    public async Task AdminPolicy_NamingNoRegisteredPolicy_FailsTheStartNamingTheOption()
    {
        var path = _directory.Combine("options.db");
        await using var app = BuildApp(services =>
        {
            services.AddAuthorization(o => o.AddPolicy("CanReadAuditTrail", policy => policy.RequireRole("Auditor")));
            services.AddAuditTrail().UseSqlite(path).AddAspNetCore(options => options.AdminPolicy = "CanReadAuditTrial");
        });

        var act = () => app.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("AdminPolicy is 'CanReadAuditTrial', which names no authorization policy");
    }

    [Fact]
    public async Task AdminPolicy_WithoutAuthorizationServices_FailsTheStartNamingWhatToAdd()
    {
        var path = _directory.Combine("options.db");
        await using var app = BuildApp(services => services.AddAuditTrail().UseSqlite(path).AddAspNetCore(options => options.AdminPolicy = "CanReadAuditTrail"));

        var act = () => app.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>())
            .Which.Message.Should().Contain("AdminPolicy is 'CanReadAuditTrail' but no authorization services are registered: call services.AddAuthorization()");
    }

    [Fact]
    public async Task AdminPolicy_Registered_Starts()
    {
        var path = _directory.Combine("options.db");
        await using var app = BuildApp(services =>
        {
            services.AddAuthorization(o => o.AddPolicy("CanReadAuditTrail", policy => policy.RequireRole("Auditor")));
            services.AddAuditTrail().UseSqlite(path).AddAspNetCore(options => options.AdminPolicy = "CanReadAuditTrail");
        });

        await app.StartAsync();

        app.Services.GetRequiredService<IOptions<AuditTrailAspNetCoreOptions>>().Value.AdminPolicy.Should().Be("CanReadAuditTrail");
        await app.StopAsync();
    }

    [Fact]
    public void AddAspNetCore_Twice_DecoratesAuthenticationOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuditTrail()
            .UseSqlite(_directory.Combine("unused.db"))
            .AddAspNetCore(options => options.AdminRoles.Add("Auditor"))
            .AddAspNetCore(options => options.TenantClaimType = "org");

        services.Count(descriptor => descriptor.ServiceType == typeof(Microsoft.AspNetCore.Authentication.IAuthenticationService)).Should().Be(1);
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<AuditTrailAspNetCoreOptions>>().Value;
        options.AdminRoles.Should().Equal(AuditTrailAspNetCoreOptions.DefaultAdminRole, "Auditor");
        options.TenantClaimType.Should().Be("org");
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationService>()
            .Should().BeOfType<AuditingAuthenticationService>();
    }

    private static WebApplication BuildApp(Action<IServiceCollection> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        configure(builder.Services);
        return builder.Build();
    }
}
