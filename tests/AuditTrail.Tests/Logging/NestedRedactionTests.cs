using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Logging;

/// <summary>Secrets are redacted at any depth: nested objects, dictionaries, lists and JSON strings that hold objects.</summary>
public sealed class NestedRedactionTests : IAsyncLifetime
{
    private const string Secret = "sk_live_do_not_store";

    private readonly FakeAuditStore _store = new();
    private ServiceProvider _services = null!;

    private IAuditLogger Logger => _services.GetRequiredService<IAuditLogger>();

    public Task InitializeAsync()
    {
        _services = TestHost.Create(_store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private sealed record Channel(string Name, ChannelSettings Settings);

    private sealed record ChannelSettings(string Url, string ApiKey, IReadOnlyList<Header> Headers);

    private sealed record Header(string Name, string Token);

    private sealed record Account(
        string Name,
        [property: AuditSensitive] string RecoveryCode,
        [property: AuditIgnore] DateTimeOffset LastSeen,
        Profile Profile);

    private sealed record Profile(string Email, [property: AuditSensitive] string TaxNumber);

    public static TheoryData<object, object> NestedSnapshots => new()
    {
        // An object inside an object, with a list of objects inside it.
        {
            new Channel("ops", new ChannelSettings("https://a.example", "sk_old_value", [new Header("X-A", "tok_old")])),
            new Channel("ops", new ChannelSettings("https://b.example", Secret, [new Header("X-A", Secret)]))
        },

        // Dictionaries nested in dictionaries.
        {
            new Dictionary<string, object?> { ["settings"] = new Dictionary<string, object?> { ["inner"] = new Dictionary<string, object?> { ["password"] = "old" } } },
            new Dictionary<string, object?> { ["settings"] = new Dictionary<string, object?> { ["inner"] = new Dictionary<string, object?> { ["password"] = Secret } } }
        },

        // A JSON string that holds an object with the secret, and one nested in a JSON string inside that.
        {
            new Dictionary<string, object?> { ["config"] = """{"client_secret":"old"}""" },
            new Dictionary<string, object?> { ["config"] = $$"""{"nested":"{\"access_token\":\"{{Secret}}\"}","client_secret":"{{Secret}}"}""" }
        },
    };

    [Theory]
    [MemberData(nameof(NestedSnapshots))]
    public async Task UpdatedAsync_SecretAtAnyDepth_IsNeitherStoredNorDescribed(object before, object after)
    {
        await Logger.UpdatedAsync(new AuditResource("channel", "ch-1", "ops"), AuditDiff.Between(before, after));

        var record = _store.Stored.Should().ContainSingle().Subject;
        record.Changes.Should().NotBeEmpty();
        foreach (var change in record.Changes)
        {
            change.NewValue.Should().NotContain(Secret);
            change.OldValue.Should().NotContain("sk_old_value").And.NotContain("tok_old");
        }

        record.Description.Should().NotContain(Secret).And.Contain(AuditFieldChange.Redacted);
    }

    [Fact]
    public async Task Metadata_JsonValueWithASecret_IsRedactedInside_AndOtherFieldsKept()
    {
        await Logger.LogAsync(new AuditEvent
        {
            Action = "channel.tested",
            ActionType = AuditActionType.Access,
            Metadata = new Dictionary<string, string> { ["request"] = $$"""{"url":"https://a.example","headers":[{"Authorization":"Bearer {{Secret}}"}]}""" },
        });

        var stored = _store.Stored.Should().ContainSingle().Subject.Metadata["request"];
        stored.Should().Be("""{"url":"https://a.example","headers":[{"Authorization":"[REDACTED]"}]}""");
    }

    public static TheoryData<string> JsonBeyondTheParsersDepth => new()
    {
        // Deeper than the 64 levels a JSON document is parsed to by default: the secret must not slip through unparsed.
        string.Concat(Enumerable.Repeat("[", 70)) + $$"""{"password":"{{Secret}}"}""" + string.Concat(Enumerable.Repeat("]", 70)),
        string.Concat(Enumerable.Repeat("""{"a":""", 200)) + $$"""{"api_key":"{{Secret}}"}""" + string.Concat(Enumerable.Repeat("}", 200)),
    };

    [Theory]
    [MemberData(nameof(JsonBeyondTheParsersDepth))]
    public async Task Values_JsonNestedDeeperThanTheParserGoes_NeverStoreTheSecret(string value)
    {
        await Logger.LogAsync(new AuditEvent
        {
            Action = "channel.updated",
            ActionType = AuditActionType.Update,
            Changes = [new AuditFieldChange("settings", null, value)],
            Metadata = new Dictionary<string, string> { ["settings"] = value },
        });

        var record = _store.Stored.Should().ContainSingle().Subject;
        record.Changes.Should().ContainSingle().Which.NewValue.Should().NotContain(Secret);
        record.Metadata["settings"].Should().NotContain(Secret);
        record.Description.Should().NotContain(Secret);
    }

    [Fact]
    public async Task Names_LongerThanTheKeyBound_WithTheSensitiveWordInTheCutPart_AreStillRedacted()
    {
        // The name is cut to AuditLimits.Key characters; the word that makes it sensitive is in the part cut off.
        var name = "integrations.providers.payments." + new string('x', AuditLimits.Key) + ".client_secret";

        await Logger.LogAsync(new AuditEvent
        {
            Action = "channel.updated",
            ActionType = AuditActionType.Update,
            Changes = [new AuditFieldChange(name, "old", Secret)],
            Metadata = new Dictionary<string, string> { [name] = Secret },
        });

        var record = _store.Stored.Should().ContainSingle().Subject;
        var change = record.Changes.Should().ContainSingle().Subject;
        change.Field.Length.Should().BeLessThanOrEqualTo(AuditLimits.Key);
        change.NewValue.Should().Be(AuditFieldChange.Redacted);
        record.Metadata.Should().ContainSingle().Which.Value.Should().Be(AuditFieldChange.Redacted);
        record.Description.Should().NotContain(Secret);
    }

    [Fact]
    public async Task Values_DeepJsonWithoutSensitiveNames_AreStoredUnchanged()
    {
        var value = string.Concat(Enumerable.Repeat("[", 70)) + """{"url":"https://a.example"}""" + string.Concat(Enumerable.Repeat("]", 70));

        await Logger.UpdatedAsync(new AuditResource("channel", "ch-1", "ops"), [new AuditFieldChange("notes", null, value)]);

        _store.Stored.Should().ContainSingle().Which.Changes.Should().Equal(new AuditFieldChange("notes", null, value));
    }

    [Theory]
    [InlineData("plain text with password=hunter2 in it")]
    [InlineData("{not json")]
    [InlineData("""{"url":"https://a.example","count":3}""")]
    public async Task Values_WithoutSensitiveJson_AreStoredUnchanged(string value)
    {
        await Logger.UpdatedAsync(new AuditResource("channel", "ch-1", "ops"), [new AuditFieldChange("notes", null, value)]);

        _store.Stored.Should().ContainSingle().Which.Changes.Should().Equal(new AuditFieldChange("notes", null, value));
    }

    [Fact]
    public void Between_Attributes_RedactSensitiveAndSkipIgnoredProperties_AtAnyDepth()
    {
        var before = new Account("mike", "rc-1111", DateTimeOffset.UnixEpoch, new Profile("m@example.com", "TX-1"));
        var after = new Account("mike", "rc-2222", DateTimeOffset.UnixEpoch.AddDays(1), new Profile("m@example.org", "TX-2"));

        var changes = AuditDiff.Between(before, after);

        changes.Select(c => c.Field).Should().Equal("RecoveryCode", "Profile");
        changes[0].Should().Be(new AuditFieldChange("RecoveryCode", AuditFieldChange.Redacted, AuditFieldChange.Redacted));
        changes[1].OldValue.Should().Be("""{"Email":"m@example.com","TaxNumber":"[REDACTED]"}""");
        changes[1].NewValue.Should().Be("""{"Email":"m@example.org","TaxNumber":"[REDACTED]"}""");
    }

    [Fact]
    public void Between_SensitivePropertyUnchanged_RecordsNothing()
    {
        var before = new Account("mike", "rc-1111", DateTimeOffset.UnixEpoch, new Profile("m@example.com", "TX-1"));

        AuditDiff.Between(before, before with { LastSeen = DateTimeOffset.UnixEpoch.AddDays(3) }).Should().BeEmpty("LastSeen is ignored");
    }
}
