using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuditTrail.AspNetCore.Tests.Support;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>The tests that change the process's local time zone: alone, so no other test runs in it.</summary>
[CollectionDefinition(nameof(LocalTimeZoneGroup), DisableParallelization = true)]
public sealed class LocalTimeZoneGroup;

/// <summary>A hold's times mean what the API's other times mean, whatever zone the server runs in.</summary>
[Collection(nameof(LocalTimeZoneGroup))]
public sealed class HoldTimeZoneTests
{
    [Fact]
    public async Task Place_TimesWithoutAnOffset_AreUtcAsInTheListsFilters_NotTheServersLocalTime()
    {
        var zone = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", "America/New_York");
        TimeZoneInfo.ClearCachedData();
        try
        {
            TimeZoneInfo.Local.BaseUtcOffset.Should().NotBe(TimeSpan.Zero, "the test needs a server zone other than UTC");
            await using var app = await TestApp.StartAsync();

            using var response = await app.PostAsync("/audit/api/holds", TestUser.Admin, request => request.Content = JsonContent.Create(
                new { actorId = "alice", from = "2026-01-01T00:00:00", until = "2026-02-01", reason = "Case 12" }));

            response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var scope = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scope");
            scope.GetProperty("from").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            scope.GetProperty("until").GetDateTimeOffset().Should().Be(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", zone);
            TimeZoneInfo.ClearCachedData();
        }
    }
}
