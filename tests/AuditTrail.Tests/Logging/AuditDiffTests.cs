using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Logging;

public sealed class AuditDiffTests
{
    private sealed record ServerSettings(string Name, double load_multiplier, int Port, string? Region);

    private sealed class Throwing(bool loaded)
    {
        public string Name => loaded ? "web-01" : throw new InvalidOperationException("the settings are not loaded");
    }

    [Theory]
    [InlineData(1, "1", "before")]
    [InlineData("web-01", "web-02", "before")]
    [InlineData(null, 42, "after")]
    public void Between_ASingleValue_IsRefusedNamingTheSnapshot(object? before, object? after, string paramName)
    {
        var between = () => AuditDiff.Between(before, after);

        between.Should().Throw<ArgumentException>().Which.ParamName.Should().Be(paramName);
    }

    [Fact]
    public void Between_AList_IsRefusedNamingTheSnapshot() =>
        FluentActions.Invoking(() => AuditDiff.Between(null, new List<string> { "a" }))
            .Should().Throw<ArgumentException>().WithMessage("*List*").Which.ParamName.Should().Be("after");

    [Fact]
    public void Between_AGetterThatThrows_SurfacesItsOwnException() =>
        FluentActions.Invoking(() => AuditDiff.Between(new Throwing(loaded: false), null))
            .Should().Throw<InvalidOperationException>().WithMessage("the settings are not loaded");

    [Fact]
    public void Between_Objects_ListsOnlyChangedFieldsWithInvariantText()
    {
        var before = new ServerSettings("web-01", 1.0, 8080, null);
        var after = new ServerSettings("web-01", 1.5, 8080, "eu-west");

        var changes = AuditDiff.Between(before, after);

        changes.Should().Equal(
            new AuditFieldChange("load_multiplier", "1.0", "1.5"),
            new AuditFieldChange("Region", null, "eu-west"));
        AuditDescriptions.Describe(changes).Should().Be("Changed load_multiplier from 1.0 to 1.5; Set Region to eu-west");
    }

    [Fact]
    public void Between_Dictionaries_ReportsAddedRemovedAndChangedKeys()
    {
        var before = new Dictionary<string, object?> { ["threshold"] = 90, ["channel"] = "email", ["notes"] = "old" };
        var after = new Dictionary<string, object?> { ["threshold"] = 95, ["channel"] = "email", ["muted"] = true };

        var changes = AuditDiff.Between(before, after);

        changes.Should().Equal(
            new AuditFieldChange("threshold", "90", "95"),
            new AuditFieldChange("notes", "old", null),
            new AuditFieldChange("muted", null, "true"));
        AuditDescriptions.Describe(changes).Should().Be("Changed threshold from 90 to 95; Cleared notes (was old); Set muted to true");
    }

    [Fact]
    public void Between_NullSnapshots_GiveCreationOrDeletionChanges()
    {
        AuditDiff.Between(null, new { A = 1 }).Should().Equal(new AuditFieldChange("A", null, "1"));
        AuditDiff.Between(new { A = 1 }, null).Should().Equal(new AuditFieldChange("A", "1", null));
        AuditDiff.Between(new { A = 1 }, new { A = 1 }).Should().BeEmpty();
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1.5, "1.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(-3.0, "-3.0")]
    [InlineData(1e20, "1E+20")]
    public void FormatValue_Doubles_KeepOneDecimalForWholeNumbers(double value, string expected) =>
        AuditDiff.FormatValue(value).Should().Be(expected);

    [Theory]
    [InlineData("en-US")]
    [InlineData("de-DE")]
    [InlineData("ar-SA")]
    [InlineData("th-TH")]
    public void FormatValue_DatesAndTimesOfDay_AreIso8601InEveryCulture(string culture)
    {
        using var scope = new CultureScope(culture);

        AuditDiff.FormatValue(new DateOnly(2026, 3, 1)).Should().Be("2026-03-01");
        AuditDiff.FormatValue(new TimeOnly(13, 5)).Should().Be("13:05:00");
        AuditDiff.FormatValue(new TimeOnly(13, 5, 10, 250)).Should().Be("13:05:10.25");
    }

    [Fact]
    public void Between_TimeOfDayChangedBySeconds_IsRecorded()
    {
        var changes = AuditDiff.Between(new { backup_at = new TimeOnly(2, 30, 0) }, new { backup_at = new TimeOnly(2, 30, 45) });

        changes.Should().Equal(new AuditFieldChange("backup_at", "02:30:00", "02:30:45"));
    }

    [Fact]
    public void Describe_RedactedChange_NamesTheFieldOnly() =>
        AuditDescriptions.Describe(new AuditFieldChange("password", AuditFieldChange.Redacted, AuditFieldChange.Redacted))
            .Should().Be("Changed password");
}
