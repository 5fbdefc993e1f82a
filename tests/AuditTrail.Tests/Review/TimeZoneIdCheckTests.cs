namespace AuditTrail.Tests.Review;

public sealed class TimeZoneIdCheckTests
{
    [Fact]
    public void Problem_WindowsIdWithoutIcu_NamesTheOptionAndAsksForTheIanaId()
    {
        var problem = AuditTimeZoneIdCheck.Problem("AuditReviewOptions.LoginBaseline.TimeZoneId", "Nowhere Standard Time", convertsWindowsIds: false);

        problem.Should().StartWith("AuditReviewOptions.LoginBaseline.TimeZoneId is 'Nowhere Standard Time'")
            .And.Contain("without ICU").And.Contain("use the zone's IANA id")
            .And.NotContain("use an IANA or Windows id");
    }

    [Fact]
    public void Problem_UnknownIanaIdWithoutIcu_AsksForAnIanaOrWindowsId() =>
        AuditTimeZoneIdCheck.Problem("AuditReviewOptions.LoginBaseline.TimeZoneId", "Mars/Olympus_Mons", convertsWindowsIds: false)
            .Should().Be("AuditReviewOptions.LoginBaseline.TimeZoneId is 'Mars/Olympus_Mons', which is not a time zone this system knows (use an IANA or Windows id).");

    [Theory]
    [InlineData("Asia/Kathmandu")]
    [InlineData("Pacific/Chatham")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("UTC")]
    public void Problem_KnownIanaId_IsNone(string id) =>
        AuditTimeZoneIdCheck.Problem("AuditReviewOptions.LoginBaseline.TimeZoneId", id, convertsWindowsIds: false).Should().BeNull();
}
