using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore.Tests;

public sealed class SetupTests
{
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
        await using var app = BuildApp(services => services.AddAuditTrail().UseSqlite(Path.Combine(Path.GetTempPath(), $"unused-{Guid.NewGuid():N}.db")));

        var act = () => app.UseAuditTrail();

        act.Should().Throw<InvalidOperationException>().WithMessage("*.AddAspNetCore()*");
    }

    [Fact]
    public async Task InvalidOptions_FailTheStartWithEveryProblemInOneMessage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"audittrail-options-{Guid.NewGuid():N}.db");
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

    [Fact]
    public void AddAspNetCore_Twice_DecoratesAuthenticationOnceAndAppliesBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuditTrail()
            .UseSqlite(Path.Combine(Path.GetTempPath(), $"unused-{Guid.NewGuid():N}.db"))
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
