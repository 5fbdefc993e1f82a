using System.Net;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

public sealed class CountEndpointTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await _app.SeedAsync(AuditActor.User("alice", "Alice Smith"), "server.updated", AuditActionType.Update);
        await _app.SeedAsync(AuditActor.User("bob", "Bob Jones"), "server.deleted", AuditActionType.Delete);
        await _app.SeedAsync(AuditActor.User("bob", "Bob Jones"), "server.deleted", AuditActionType.Delete);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Count_WithoutACap_IsExact()
    {
        var count = await _app.GetJsonAsync("/audit/api/count?type=Update&type=Delete", TestUser.Admin);

        count.GetProperty("count").GetInt64().Should().Be(3);
        count.GetProperty("isLowerBound").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData(1, 1, true)]
    [InlineData(2, 2, true)]
    [InlineData(3, 3, false)]
    [InlineData(10000, 3, false)]
    public async Task Count_AtMost_AnswersAtLeastTheCapWhenMoreMatch(long atMost, long expected, bool lowerBound)
    {
        var count = await _app.GetJsonAsync($"/audit/api/count?type=Update&type=Delete&atMost={atMost}", TestUser.Admin);

        count.GetProperty("count").GetInt64().Should().Be(expected);
        count.GetProperty("isLowerBound").GetBoolean().Should().Be(lowerBound);
    }

    [Fact]
    public async Task Count_FiltersAndSearch_CountWhatTheListShows()
    {
        var deletionsByBob = await _app.GetJsonAsync("/audit/api/count?type=Delete&q=bob%20jones&atMost=5", TestUser.Admin);
        var capped = await _app.GetJsonAsync("/audit/api/count?type=Delete&q=bob%20jones&atMost=1", TestUser.Admin);
        var none = await _app.GetJsonAsync("/audit/api/count?type=Update&q=bob%20jones&atMost=1", TestUser.Admin);

        deletionsByBob.GetProperty("count").GetInt64().Should().Be(2);
        deletionsByBob.GetProperty("isLowerBound").GetBoolean().Should().BeFalse();
        capped.GetProperty("count").GetInt64().Should().Be(1);
        capped.GetProperty("isLowerBound").GetBoolean().Should().BeTrue();
        none.GetProperty("count").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Count_NonAdmin_CountsOnlyTheirOwnRecords_EvenWhenNamingOthers()
    {
        var own = await _app.GetJsonAsync("/audit/api/count?atMost=100", TestUser.Alice);
        var namingBob = await _app.GetJsonAsync("/audit/api/count?user=bob&atMost=100", TestUser.Alice);

        own.GetProperty("count").GetInt64().Should().Be(1);
        namingBob.GetProperty("count").GetInt64().Should().Be(0);
        var reads = (await _app.RecordsAsync()).Where(record => record.Metadata.GetValueOrDefault("endpoint") == "count").ToList();
        reads.Should().HaveCount(2).And.OnlyContain(record => record.Metadata["scope"] == "own");
    }

    [Fact]
    public async Task Count_IsRecordedAsARead_WithTheCapAndWhetherItWasReached()
    {
        await _app.GetJsonAsync("/audit/api/count?type=Delete&atMost=1", TestUser.Admin);

        var read = await _app.SingleRecordAsync(AuditActions.AuditQueried);
        read.Metadata["endpoint"].Should().Be("count");
        read.Metadata["records"].Should().Be("1+");
        read.Metadata["atMost"].Should().Be("1");
        read.Metadata["filter.type"].Should().Be("Delete");
        read.Description.Should().Be("Counted 1+ audit records");
    }

    [Fact]
    public async Task Count_WithATimeLimit_CountsWithinIt_AndRecordsIt()
    {
        var timed = await _app.GetJsonAsync("/audit/api/count?type=Delete&q=bob%20jones&atMost=5&timeLimitMs=60000", TestUser.Admin);
        var alone = await _app.GetJsonAsync("/audit/api/count?type=Delete&timeLimitMs=1000", TestUser.Admin);
        var exact = await _app.GetJsonAsync("/audit/api/count?type=Delete", TestUser.Admin);

        timed.GetProperty("count").GetInt64().Should().Be(2);
        timed.GetProperty("isLowerBound").GetBoolean().Should().BeFalse();
        alone.GetProperty("count").GetInt64().Should().Be(exact.GetProperty("count").GetInt64(), "a time limit alone counts to the end when there is time");
        var reads = (await _app.RecordsAsync()).Where(record => record.Metadata.GetValueOrDefault("endpoint") == "count");
        reads.Select(record => record.Metadata.GetValueOrDefault("timeLimitMs")).Should().BeEquivalentTo(["60000", "1000", null]);
    }

    [Theory]
    [InlineData("/audit/api/count?timeLimitMs=0", "timeLimitMs")]
    [InlineData("/audit/api/count?timeLimitMs=60001", "timeLimitMs")]
    [InlineData("/audit/api/count?timeLimitMs=-5", "timeLimitMs")]
    [InlineData("/audit/api/count?timeLimitMs=1.5", "timeLimitMs")]
    [InlineData("/audit/api/count?timeLimitMs=", "timeLimitMs")]
    [InlineData("/audit/api/count?atMost=5&timeLimitMs=20&timeLimitMs=30", "timeLimitMs")]
    [InlineData("/audit/api/count?atMost=0", "atMost")]
    [InlineData("/audit/api/count?atMost=-1", "atMost")]
    [InlineData("/audit/api/count?atMost=%2B5", "atMost")]
    [InlineData("/audit/api/count?atMost=1.5", "atMost")]
    [InlineData("/audit/api/count?atMost=1e4", "atMost")]
    [InlineData("/audit/api/count?atMost=ten", "atMost")]
    [InlineData("/audit/api/count?atMost=", "atMost")]
    [InlineData("/audit/api/count?atMost=9223372036854775807", "atMost")]
    [InlineData("/audit/api/count?atMost=99999999999999999999", "atMost")]
    [InlineData("/audit/api/count?atMost=5&atMost=6", "atMost")]
    [InlineData("/audit/api/count?type=Nope&atMost=5", "type")]
    [InlineData("/audit/api/count?from=yesterday", "from")]
    public async Task Count_BadParameter_IsAProblemNamingIt(string url, string parameter)
    {
        using var response = await _app.GetAsync(url, TestUser.Admin);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("parameter").GetString().Should().Be(parameter);
        (await _app.RecordsAsync()).Should().NotContain(record => record.Metadata.GetValueOrDefault("endpoint") == "count", "nothing was read");
    }
}
