using System.Net;
using AuditTrail.AspNetCore.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>Callers that are not people are recorded with their actor type, read from a claim or the authentication type.</summary>
public sealed class ActorTypeTests
{
    [Theory]
    [InlineData("ApiKey", AuditActorType.ApiKey)]
    [InlineData("apikey", AuditActorType.ApiKey)]
    [InlineData("Service", AuditActorType.Service)]
    [InlineData(" SERVICE ", AuditActorType.Service)]
    [InlineData("User", AuditActorType.User)]
    [InlineData("System", AuditActorType.User)]
    [InlineData("Anonymous", AuditActorType.User)]
    [InlineData("2", AuditActorType.User)]
    [InlineData("robot", AuditActorType.User)]
    public async Task ActorTypeClaim_NamesTheType_OnlyCallerTypesCount(string claimed, AuditActorType expected)
    {
        await using var app = await TestApp.StartAsync();

        using var response = await app.PostAsync("/servers/web-01", TestUser.Alice, request =>
            request.Headers.Add(TestAuthHandler.ClaimsHeader, $"{AuditTrailAspNetCoreOptions.DefaultActorTypeClaimType}={claimed}"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var record = await app.SingleRecordAsync("server.updated");
        record.Actor.Should().Be(new AuditActor("alice", "Alice Smith", expected));
    }

    [Fact]
    public async Task AuthenticationType_MappedToApiKey_RecordsAnApiKeyActor_AndTheClaimStillWins()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore =>
            aspNetCore.ActorTypesByAuthenticationType[TestAuthHandler.SchemeName] = AuditActorType.ApiKey);

        using var mapped = await app.PostAsync("/servers/web-01", TestUser.Alice);
        using var claimed = await app.PostAsync("/servers/web-02", TestUser.Bob, request =>
            request.Headers.Add(TestAuthHandler.ClaimsHeader, "actor_type=Service"));

        var records = await app.RecordsAsync();
        records.Single(r => r.Actor.Id == "alice").Actor.Type.Should().Be(AuditActorType.ApiKey);
        records.Single(r => r.Actor.Id == "bob").Actor.Type.Should().Be(AuditActorType.Service);
    }

    [Fact]
    public async Task ActorTypeClaimTypeNull_IgnoresTheClaim()
    {
        await using var app = await TestApp.StartAsync(options => options.AspNetCore = aspNetCore => aspNetCore.ActorTypeClaimType = null);

        using var response = await app.PostAsync("/servers/web-01", TestUser.Alice, request =>
            request.Headers.Add(TestAuthHandler.ClaimsHeader, "actor_type=ApiKey"));

        (await app.SingleRecordAsync("server.updated")).Actor.Type.Should().Be(AuditActorType.User);
    }

    [Fact]
    public async Task Options_MappingToSystemOrBlankClaimType_FailValidationNamingThem()
    {
        var options = new AuditTrailAspNetCoreOptions { ActorTypeClaimType = " " };
        options.ActorTypesByAuthenticationType["Jobs"] = AuditActorType.System;
        var validator = new ServiceCollection().AddAuditTrail().AddAspNetCore().Services.BuildServiceProvider()
            .GetServices<IValidateOptions<AuditTrailAspNetCoreOptions>>().OfType<AuditTrailAspNetCoreOptionsValidator>().Single();

        var result = validator.Validate(Options.DefaultName, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should()
            .Contain("ActorTypeClaimType must be null or a claim type, not blank.")
            .And.Contain("ActorTypesByAuthenticationType[Jobs] is System; allowed values are User, ApiKey and Service.");
    }
}
