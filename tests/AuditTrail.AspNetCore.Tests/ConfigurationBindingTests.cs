using AuditTrail.AspNetCore;
using AuditTrail.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>
/// The adapter's options bound from <c>AuditTrail:AspNetCore</c>: the configuration binder drops a dictionary entry
/// whose value does not convert without an error, so an API key's identity would be recorded as a user.
/// </summary>
public sealed class ConfigurationBindingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ActorTypeByAuthenticationType_ThatDoesNotConvert_FailsTheStartNamingTheKey()
    {
        await using var app = BuildApp(new Dictionary<string, string?>
        {
            ["AuditTrail:AspNetCore:ActorTypesByAuthenticationType:ApiKey"] = "Servce",
            ["AuditTrail:AspNetCore:ActorTypesByAuthenticationType:Certificate"] = "Service",
        });

        var act = () => app.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().Equal(
            $"AuditTrail:AspNetCore:ActorTypesByAuthenticationType:ApiKey is 'Servce', which is not an AuditActorType ({string.Join(", ", Enum.GetNames<AuditActorType>())}); the configuration binder drops an entry whose value does not convert, so it would not apply.");
    }

    [Fact]
    public async Task ActorTypeByAuthenticationType_Empty_FailsTheStartNamingTheKey()
    {
        // An empty environment variable (AuditTrail__AspNetCore__ActorTypesByAuthenticationType__ApiKey=): the binder drops it.
        await using var app = BuildApp(new Dictionary<string, string?> { ["AuditTrail:AspNetCore:ActorTypesByAuthenticationType:ApiKey"] = "" });

        var act = () => app.StartAsync();

        (await act.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().Equal(
            $"AuditTrail:AspNetCore:ActorTypesByAuthenticationType:ApiKey is empty, which is not an AuditActorType ({string.Join(", ", Enum.GetNames<AuditActorType>())}); the configuration binder drops an entry whose value does not convert, so it would not apply.");
    }

    [Fact]
    public async Task ActorTypesByAuthenticationType_ThatConvert_AreBound()
    {
        await using var app = BuildApp(new Dictionary<string, string?> { ["AuditTrail:AspNetCore:ActorTypesByAuthenticationType:ApiKey"] = "apikey" });

        await app.StartAsync();

        app.Services.GetRequiredService<IOptions<AuditTrailAspNetCoreOptions>>().Value.ActorTypesByAuthenticationType
            .Should().Equal(new Dictionary<string, AuditActorType> { ["ApiKey"] = AuditActorType.ApiKey });
        await app.StopAsync();
    }

    private WebApplication BuildApp(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddAuditTrail().UseSqlite(_directory.Combine("options.db")).AddAspNetCore();
        builder.Services.Configure<AuditTrailAspNetCoreOptions>(builder.Configuration.GetSection("AuditTrail:AspNetCore"));
        return builder.Build();
    }
}
