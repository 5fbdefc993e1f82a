
namespace AuditTrail.AspNetCore.Tests;

public sealed class AuditApiInstantTests
{
    [Theory]
    [InlineData("2025-13-01", "month 13 does not exist")]
    [InlineData("2025-00-10", "month 00 does not exist")]
    [InlineData("2025-02-30", "day 30 does not exist in February 2025")]
    [InlineData("2024-02-30T10:00:00Z", "day 30 does not exist in February 2024")]
    [InlineData("2025-04-31", "day 31 does not exist in April 2025")]
    [InlineData("2025-01-00", "day 00 does not exist in January 2025")]
    [InlineData("0000-01-01", "year 0000 does not exist")]
    [InlineData("2025-01-01T24:00:00Z", "time of day is out of range")]
    [InlineData("2025-01-01T23:60", "time of day is out of range")]
    [InlineData("2025-01-01T23:59:60Z", "time of day is out of range")]
    [InlineData("2025-01-01T10:00:00+15:00", "offset is out of range")]
    [InlineData("2025-01-01T10:00:00-14:30", "offset is out of range")]
    [InlineData("9999-12-31T23:00:00-02:00", "in UTC it falls outside 0001-01-01 to 9999-12-31")]
    [InlineData("0001-01-01T00:30:00+01:00", "in UTC it falls outside 0001-01-01 to 9999-12-31")]
    public void TryParse_Iso8601OutOfRange_SaysWhichPartIsOutOfRange(string value, string expected)
    {
        AuditApiInstant.TryParse(value, out var result, out var problem).Should().BeFalse();

        result.Should().BeNull();
        problem.Should().StartWith($"'{value}' is an ISO 8601 date, but ").And.Contain(expected).And.NotContain("is not an ISO 8601");
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("11/27/2025")]
    [InlineData("2025-1-01")]
    [InlineData("2025-01-01T10")]
    [InlineData("2025-01-01 10:00:00")]
    [InlineData("20250101")]
    [InlineData("\u0662\u0660\u0662\u0666-12-05")]
    [InlineData("\uFF12\uFF10\uFF12\uFF16-12-05")]
    [InlineData("2026-12-05T1\u0660:00:00Z")]
    public void TryParse_NotIso8601_SaysSo(string value)
    {
        AuditApiInstant.TryParse(value, out _, out var problem).Should().BeFalse();

        problem.Should().Be($"'{value}' is not an ISO 8601 date or date and time, for example 2025-11-27T17:30:00Z.");
    }

    [Theory]
    [InlineData("2024-02-29", "2024-02-29T00:00:00.0000000+00:00")]
    [InlineData("9999-12-31T23:59:59Z", "9999-12-31T23:59:59.0000000+00:00")]
    [InlineData("2025-01-01T10:00:00+14:00", "2024-12-31T20:00:00.0000000+00:00")]
    [InlineData("2025-01-01T10:00 01:00", "2025-01-01T09:00:00.0000000+00:00")]
    public void TryParse_ValidIso8601_IsUtc(string value, string expected)
    {
        AuditApiInstant.TryParse(value, out var result, out var problem).Should().BeTrue(problem);

        result!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture).Should().Be(expected);
    }
}
