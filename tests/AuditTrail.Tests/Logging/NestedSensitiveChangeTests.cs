namespace AuditTrail.Tests.Logging;

/// <summary>A change that lies only in a nested <see cref="AuditSensitiveAttribute"/> property is still recorded, without its values.</summary>
public sealed class NestedSensitiveChangeTests
{
    private sealed record Profile(string Email, [property: AuditSensitive] string TaxNumber);

    private sealed record Account(string Name, Profile Profile, IReadOnlyList<Profile>? Others = null, object? Extra = null);

    [Fact]
    public void Between_OnlyNestedSensitivePropertyChanged_RecordsTheFieldRedacted()
    {
        var before = new Account("mike", new Profile("m@example.com", "TX-1"));
        var after = before with { Profile = new Profile("m@example.com", "TX-2") };

        AuditDiff.Between(before, after).Should().Equal(new AuditFieldChange("Profile", AuditFieldChange.Redacted, AuditFieldChange.Redacted));
    }

    [Fact]
    public void Between_OnlySensitivePropertyInAListChanged_RecordsTheFieldRedacted()
    {
        var before = new Account("mike", new Profile("a", "x"), [new Profile("m@example.com", "TX-1")]);
        var after = before with { Others = [new Profile("m@example.com", "TX-2")] };

        AuditDiff.Between(before, after).Should().Equal(new AuditFieldChange("Others", AuditFieldChange.Redacted, AuditFieldChange.Redacted));
    }

    [Fact]
    public void Between_OnlySensitivePropertyInADictionaryValueChanged_RecordsTheFieldRedacted()
    {
        var before = new Dictionary<string, object?> { ["profile"] = new Profile("m@example.com", "TX-1") };
        var after = new Dictionary<string, object?> { ["profile"] = new Profile("m@example.com", "TX-2") };

        AuditDiff.Between(before, after).Should().Equal(new AuditFieldChange("profile", AuditFieldChange.Redacted, AuditFieldChange.Redacted));
    }

    [Fact]
    public void Between_NestedSensitiveAndVisibleChange_KeepsTheReadableJson()
    {
        var before = new Account("mike", new Profile("m@example.com", "TX-1"));
        var after = before with { Profile = new Profile("m@example.org", "TX-2") };

        var change = AuditDiff.Between(before, after).Should().ContainSingle().Subject;

        change.OldValue.Should().Be("""{"Email":"m@example.com","TaxNumber":"[REDACTED]"}""");
        change.NewValue.Should().Be("""{"Email":"m@example.org","TaxNumber":"[REDACTED]"}""");
    }

    [Fact]
    public void Between_NestedSensitiveSetFromNull_RecordsOnlyTheNewSideRedacted()
    {
        var before = new Account("mike", new Profile("a", "x"), Extra: null);
        var after = before with { Extra = new Profile("m@example.com", "TX-2") };

        AuditDiff.Between(before, after).Should().Equal(new AuditFieldChange("Extra", null, """{"Email":"m@example.com","TaxNumber":"[REDACTED]"}"""));
    }
}
