using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Tests.Logging;

/// <summary>The source IP transform of each mode, as the logger stores it and as the public pseudonymizer reports it.</summary>
public sealed class SourceIpPseudonymizationTests
{
    private static readonly byte[] Key = [.. Enumerable.Repeat((byte)0x5A, 32)];

    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0")]
    [InlineData(" 203.0.113.77 ", "203.0.113.0")]
    [InlineData("203.0.113.0", "203.0.113.0")]
    [InlineData("::ffff:203.0.113.77", "203.0.113.0")]
    [InlineData("2001:DB8:ABCD:12::1", "2001:db8:abcd::")]
    [InlineData("fe80::1:2%3", "fe80::")]
    [InlineData("::1", "::")]
    [InlineData("203.0.113.77:443", "[REDACTED]")]
    [InlineData("203.0.113.77, 10.0.0.1", "[REDACTED]")]
    [InlineData("unknown", "[REDACTED]")]
    [InlineData("[REDACTED]", "[REDACTED]")]
    public async Task Truncate_StoresTheNetworkAddressOrRedactsText(string given, string stored)
    {
        var store = new FakeAuditStore();
        await using var services = TestHost.Create(store, o => o.SourceIpPseudonymization.Mode = AuditIpPseudonymizationMode.Truncate);

        await services.GetRequiredService<IAuditLogger>().LogAsync(Event(given));

        store.Stored.Should().ContainSingle().Which.SourceIp.Should().Be(stored);
        services.GetRequiredService<IAuditSourceIpPseudonymizer>().Pseudonymize(stored).Should().Be(stored, "the transform is idempotent");
    }

    [Fact]
    public async Task KeyedHash_HashesAddressesInCanonicalFormAndAnyOtherText_AndKeepsItsOwnValues()
    {
        await using var services = TestHost.Create(new FakeAuditStore(), o =>
        {
            o.SourceIpPseudonymization.Mode = AuditIpPseudonymizationMode.KeyedHash;
            o.SourceIpPseudonymization.Key = Key;
        });
        var pseudonyms = services.GetRequiredService<IAuditSourceIpPseudonymizer>();

        var v4 = pseudonyms.Pseudonymize("203.0.113.77")!;
        v4.Should().MatchRegex("^hmac:[0-9a-f]{32}$");
        pseudonyms.Pseudonymize("::ffff:203.0.113.77").Should().Be(v4);
        pseudonyms.Pseudonymize(" 203.0.113.77").Should().Be(v4);
        pseudonyms.Pseudonymize("2001:DB8::1").Should().Be(pseudonyms.Pseudonymize("2001:db8:0::1"));
        pseudonyms.Pseudonymize("203.0.113.78").Should().NotBe(v4);
        pseudonyms.Pseudonymize("unknown").Should().MatchRegex("^hmac:[0-9a-f]{32}$").And.Be(pseudonyms.Pseudonymize("unknown"));
        pseudonyms.Pseudonymize(v4).Should().Be(v4);
        pseudonyms.Pseudonymize(v4.ToUpperInvariant()).Should().Be(v4);
        pseudonyms.Pseudonymize(null).Should().BeNull();
        pseudonyms.Pseudonymize("").Should().BeEmpty();
    }

    [Theory]
    [InlineData(" ::ffff:203.0.113.77 ", "203.0.113.77")]
    [InlineData("2001:0DB8:0000:0000:0000:0000:0000:0001%eth0", "2001:db8::1")]
    [InlineData("unknown", "unknown")]
    [InlineData(" not an address ", " not an address ")]
    public async Task None_StoresAnAddressInItsCanonicalForm_AndOtherTextAsGiven(string given, string stored)
    {
        var store = new FakeAuditStore();
        await using var services = TestHost.Create(store);

        await services.GetRequiredService<IAuditLogger>().LogAsync(Event(given));

        store.Stored.Should().ContainSingle().Which.SourceIp.Should().Be(stored);
    }

    [Fact]
    public async Task KeyedHash_KeyChangedByTheHostAfterStart_DoesNotChangeThePseudonyms()
    {
        var key = Key.ToArray();
        await using var services = TestHost.Create(new FakeAuditStore(), o =>
        {
            o.SourceIpPseudonymization.Mode = AuditIpPseudonymizationMode.KeyedHash;
            o.SourceIpPseudonymization.Key = key;
        });
        var pseudonyms = services.GetRequiredService<IAuditSourceIpPseudonymizer>();
        var before = pseudonyms.Pseudonymize("203.0.113.77");

        key[0] ^= 0xFF;

        pseudonyms.Pseudonymize("203.0.113.77").Should().Be(before);
    }

    private static AuditEvent Event(string sourceIp) => new()
    {
        Action = "server.updated",
        ActionType = AuditActionType.Update,
        Actor = AuditActor.User("u-1", "One"),
        SourceIp = sourceIp,
    };
}
