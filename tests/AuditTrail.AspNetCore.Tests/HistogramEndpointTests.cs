using System.Net;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

public sealed class HistogramEndpointTests : IAsyncLifetime
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
    public async Task Histogram_Admin_CountsEveryonesRecords_ByActionType()
    {
        var histogram = await _app.GetJsonAsync("/audit/api/histogram?type=Update&type=Delete", TestUser.Admin);

        histogram.GetProperty("interval").GetString().Should().Be("Hour");
        CountsByType(histogram).Should().BeEquivalentTo(new Dictionary<string, long> { ["Update"] = 1, ["Delete"] = 2 });
        histogram.GetProperty("total").GetInt64().Should().Be(3);
    }

    [Fact]
    public async Task Histogram_NonAdmin_CountsOnlyTheirOwnRecords_EvenWhenNamingOthers()
    {
        var own = await _app.GetJsonAsync("/audit/api/histogram", TestUser.Alice);
        var namingBob = await _app.GetJsonAsync("/audit/api/histogram?user=bob", TestUser.Alice);

        CountsByType(own).Should().BeEquivalentTo(new Dictionary<string, long> { ["Update"] = 1 });
        CountsByType(namingBob).Should().NotContainKey("Delete");
        (await _app.RecordsAsync()).Where(record => record.Metadata.GetValueOrDefault("endpoint") == "histogram")
            .Should().HaveCount(2).And.OnlyContain(record => record.Metadata["scope"] == "own");
    }

    [Fact]
    public async Task Histogram_BucketDay_AndAnExplicitRange_AreHonoured()
    {
        var histogram = await _app.GetJsonAsync("/audit/api/histogram?bucket=day&from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z", TestUser.Admin);

        histogram.GetProperty("interval").GetString().Should().Be("Day");
        histogram.GetProperty("buckets").GetArrayLength().Should().Be(7);
        histogram.GetProperty("buckets")[0].GetProperty("start").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Histogram_IsRecordedAsARead()
    {
        await _app.GetJsonAsync("/audit/api/histogram?type=Delete", TestUser.Admin);

        var read = await _app.SingleRecordAsync(AuditActions.AuditQueried);
        read.Metadata["endpoint"].Should().Be("histogram");
        read.Metadata["records"].Should().Be("2");
        read.Metadata["filter.type"].Should().Be("Delete");
    }

    [Theory]
    [InlineData("/audit/api/histogram?bucket=week", "bucket")]
    [InlineData("/audit/api/histogram?bucket=hour&bucket=day", "bucket")]
    [InlineData("/audit/api/histogram?bucket=hour&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "bucket")]
    [InlineData("/audit/api/histogram?from=yesterday", "from")]
    [InlineData("/audit/api/histogram?type=Nope", "type")]
    [InlineData("/audit/api/histogram?to=9999-12-31T23:59:59Z", "to")]
    [InlineData("/audit/api/histogram?from=9999-12-31T12:00:00Z&to=9999-12-31T23:59:59.9999999Z", "to")]
    [InlineData("/audit/api/histogram?from=9999-12-31T23:30:00Z", "from")]
    [InlineData("/audit/api/histogram?bucket=day&from=9999-12-30T00:00:00Z&to=9999-12-31T01:00:00Z", "to")]
    public async Task Histogram_BadParameter_IsAProblemNamingIt(string url, string parameter)
    {
        using var response = await _app.GetAsync(url, TestUser.Admin);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("parameter").GetString().Should().Be(parameter);
    }

    [Fact]
    public async Task Histogram_UpToTheCalendarsLastWholeHour_IsCounted()
    {
        using var response = await _app.GetAsync("/audit/api/histogram?from=9999-12-31T20:00:00Z&to=9999-12-31T23:00:00Z", TestUser.Admin);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        var buckets = JsonDocument.Parse(body).RootElement.GetProperty("buckets").EnumerateArray().ToList();
        buckets.Should().HaveCount(3);
        buckets[^1].GetProperty("end").GetDateTimeOffset().Should().Be(new DateTimeOffset(9999, 12, 31, 23, 0, 0, TimeSpan.Zero));
    }

    private static Dictionary<string, long> CountsByType(JsonElement histogram) =>
        histogram.GetProperty("buckets").EnumerateArray()
            .SelectMany(bucket => bucket.GetProperty("counts").EnumerateArray())
            .GroupBy(count => count.GetProperty("actionType").GetString()!)
            .ToDictionary(group => group.Key, group => group.Sum(count => count.GetProperty("count").GetInt64()));
}
