using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuditTrail.Security.Tests.Support;

namespace AuditTrail.Security.Tests;

/// <summary>
/// Source IP pseudonymisation on a real SQLite file through the public API and the HTTP pipeline: the raw address is
/// in no file, export or answer, and filtering by the real address still finds the records.
/// </summary>
public sealed class IpPseudonymizationTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] OtherKey = [.. Enumerable.Range(101, 40).Select(i => (byte)i)];

    [Fact]
    public async Task Truncate_StoresOnlyNetworkPrefixes_RawAddressesAreInNoFileOrExport_AndTheRealAddressFindsThem()
    {
        await using var host = await SecurityHost.StartAsync(audit: options => options.SourceIpPseudonymization.Mode = AuditIpPseudonymizationMode.Truncate);

        // Through the request (the middleware's address) and through the event, as a host's own code would pass it.
        var fromV4Peer = await host.RecordThroughHostAsync(new HostEventRequest { Description = "v4 peer" }, Caller.Alice, Peer("203.0.113.77"));
        var fromV6Peer = await host.RecordThroughHostAsync(new HostEventRequest { Description = "v6 peer" }, Caller.Alice, Peer("2001:db8:abcd:12:3456:789a:bcde:f012"));
        var fromMappedPeer = await host.RecordThroughHostAsync(new HostEventRequest { Description = "mapped peer" }, Caller.Alice, Peer("::ffff:198.51.100.23"));
        var mappedInEvent = await LogAsync(host, "::ffff:192.0.2.201");
        var withPort = await LogAsync(host, "192.0.2.199:5000");
        var notAnAddress = await LogAsync(host, "client-at-192.0.2.198");

        var stored = (await host.RecordsAsync()).ToDictionary(record => record.Id, record => record.SourceIp);
        stored[fromV4Peer].Should().Be("203.0.113.0");
        stored[fromV6Peer].Should().Be("2001:db8:abcd::");
        stored[fromMappedPeer].Should().Be("198.51.100.0");
        stored[mappedInEvent].Should().Be("192.0.2.0");
        stored[withPort].Should().Be("[REDACTED]", "text that is not an address cannot be truncated and may hold one");
        stored[notAnAddress].Should().Be("[REDACTED]");

        // The real address, another address of the same network, and the stored value all find the record.
        (await Ids(host, new AuditQuery { SourceIp = "203.0.113.77" })).Should().Equal(fromV4Peer);
        (await Ids(host, new AuditQuery { SourceIp = "203.0.113.5" })).Should().Equal(fromV4Peer);
        (await Ids(host, new AuditQuery { SourceIp = "203.0.113.0" })).Should().Equal(fromV4Peer);
        (await Ids(host, new AuditQuery { SourceIp = "::ffff:203.0.113.77" })).Should().Equal(fromV4Peer);
        (await Ids(host, new AuditQuery { SourceIp = "2001:db8:abcd:ffff::1" })).Should().Equal(fromV6Peer);
        (await Ids(host, new AuditQuery { SourceIp = "203.0.114.77" })).Should().BeEmpty();
        (await ApiIds(host, "ip=203.0.113.77")).Should().Contain(fromV4Peer).And.NotContain(fromV6Peer);
        (await ApiIds(host, "ip=2001:db8:abcd:12:3456:789a:bcde:f012")).Should().Contain(fromV6Peer).And.NotContain(fromV4Peer);

        // The API's own access records: the reader's address and the ip filter are recorded pseudonymised too.
        using (await host.GetAsync("/audit/api/events?ip=2001:db8:abcd:12:3456:789a:bcde:f012", Caller.Admin, Peer("203.0.113.77")))
        {
        }

        var access = (await host.RecordsAsync()).First(record => record.Action == AuditActions.AuditQueried);
        access.SourceIp.Should().Be("203.0.113.0");
        access.Metadata.Should().Contain("filter.ip", "2001:db8:abcd::");

        await AssertRawAddressesAppearNowhereAsync(
            host, ["203.0.113.77", "2001:db8:abcd:12:3456", "198.51.100.23", "192.0.2.201", "192.0.2.199", "192.0.2.198"]);
    }

    [Fact]
    public async Task Truncate_ConfiguredPrefixLengths_AreApplied()
    {
        await using var host = await SecurityHost.StartAsync(audit: options =>
        {
            options.SourceIpPseudonymization.Mode = AuditIpPseudonymizationMode.Truncate;
            options.SourceIpPseudonymization.IPv4PrefixLength = 20;
            options.SourceIpPseudonymization.IPv6PrefixLength = 36;
        });

        var v4 = await LogAsync(host, "203.0.127.77");
        var v6 = await LogAsync(host, "2001:db8:abcd:12::1");

        var stored = (await host.RecordsAsync()).ToDictionary(record => record.Id, record => record.SourceIp);
        stored[v4].Should().Be("203.0.112.0");
        stored[v6].Should().Be("2001:db8:a000::");
        (await Ids(host, new AuditQuery { SourceIp = "203.0.113.1" })).Should().Equal(v4);
    }

    [Fact]
    public async Task KeyedHash_IsStableAcrossRestartsWithTheSameKey_AndDifferentWithAnotherKey()
    {
        var directory = SecurityHost.NewDirectory();
        try
        {
            var expected = Hmac(Key, "203.0.113.77");
            Guid first;
            Guid second;
            string? notAnAddress;
            await using (var host = await StartKeyedAsync(directory, Key))
            {
                first = await host.RecordThroughHostAsync(new HostEventRequest { Description = "first run" }, Caller.Alice, Peer("203.0.113.77"));
                var textId = await LogAsync(host, "not an address");
                notAnAddress = (await host.RecordsAsync()).Single(record => record.Id == textId).SourceIp;
            }

            await using (var host = await StartKeyedAsync(directory, [.. Key]))
            {
                // The IPv4-mapped form is the same address, so it gets the same pseudonym.
                second = await LogAsync(host, "::ffff:203.0.113.77");

                var records = (await host.RecordsAsync()).ToDictionary(record => record.Id);
                records[first].SourceIp.Should().Be(expected).And.MatchRegex("^hmac:[0-9a-f]{32}$");
                records[second].SourceIp.Should().Be(expected, "the same key after a restart gives the same value");
                notAnAddress.Should().Be(Hmac(Key, "not an address"), "any other text is hashed as given");

                (await Ids(host, new AuditQuery { SourceIp = "203.0.113.77" })).Should().BeEquivalentTo([first, second]);
                (await Ids(host, new AuditQuery { SourceIp = expected })).Should().BeEquivalentTo([first, second], "a stored value finds itself");
                (await Ids(host, new AuditQuery { SourceIp = expected.ToUpperInvariant() })).Should().BeEquivalentTo([first, second]);
                (await Ids(host, new AuditQuery { SourceIp = "203.0.113.78" })).Should().BeEmpty("a neighbour's address has an unrelated value");
                (await ApiIds(host, "ip=203.0.113.77")).Should().BeEquivalentTo([first, second]);
                (await ApiIds(host, $"ip={expected}")).Should().BeEquivalentTo([first, second]);
            }

            await using (var host = await StartKeyedAsync(directory, OtherKey))
            {
                var third = await LogAsync(host, "203.0.113.77");

                var records = (await host.RecordsAsync()).ToDictionary(record => record.Id);
                records[third].SourceIp.Should().Be(Hmac(OtherKey, "203.0.113.77")).And.NotBe(expected);
                (await Ids(host, new AuditQuery { SourceIp = "203.0.113.77" })).Should().Equal([third], "records stored under the old key are found by their stored value only");
                (await Ids(host, new AuditQuery { SourceIp = expected })).Should().BeEquivalentTo([first, second]);

                await AssertRawAddressesAppearNowhereAsync(host, ["203.0.113.77"]);
            }
        }
        finally
        {
            SecurityHost.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task ApiIpParameter_IsAnAddressOrAKeyedHashValue_AnythingElseIsAClear400()
    {
        await using var host = await SecurityHost.StartAsync();

        foreach (var value in new[] { "hmac:xyz", "hmac:" + new string('a', 31), "203.0.113.0/24", "[REDACTED]" })
        {
            using var response = await host.GetAsync($"/audit/api/events?ip={Uri.EscapeDataString(value)}", Caller.Admin);

            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, value);
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString().Should().Be("ip");
        }

        using var hashed = await host.GetAsync($"/audit/api/events?ip=HMAC:{new string('A', 32)}", Caller.Admin);
        hashed.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static Task<SecurityHost> StartKeyedAsync(string directory, byte[] key) =>
        SecurityHost.StartAsync(
            audit: options =>
            {
                options.SourceIpPseudonymization.Mode = AuditIpPseudonymizationMode.KeyedHash;
                options.SourceIpPseudonymization.Key = key;
            },
            directory: directory);

    private static Action<HttpRequestMessage> Peer(string address) =>
        request => request.Headers.Add(SecurityHost.PeerHeader, address);

    private static async Task<Guid> LogAsync(SecurityHost host, string sourceIp) =>
        await host.Audit.LogAsync(new AuditEvent
        {
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Actor = AuditActor.User("carol", "Carol"),
            SourceIp = sourceIp,
        });

    private static async Task<List<Guid>> Ids(SecurityHost host, AuditQuery query) =>
        [.. (await host.Reader.QueryAsync(AuditViewer.Admin("root"), query with { ActionTypes = [AuditActionType.Update] })).Items.Select(record => record.Id)];

    private static async Task<List<Guid>> ApiIds(SecurityHost host, string query)
    {
        var page = JsonDocument.Parse(await host.GetTextAsync($"/audit/api/events?type=Update&{query}", Caller.Admin)).RootElement;
        return [.. page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetGuid())];
    }

    /// <summary>What <see cref="AuditIpPseudonymizationMode.KeyedHash"/> is documented to store, computed here independently.</summary>
    private static string Hmac(byte[] key, string text) =>
        "hmac:" + Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    private static async Task AssertRawAddressesAppearNowhereAsync(SecurityHost host, IReadOnlyList<string> rawAddresses)
    {
        var exports = new Dictionary<string, string>
        {
            ["api csv export"] = await host.GetTextAsync("/audit/api/export.csv", Caller.Admin),
            ["api jsonl export"] = await host.GetTextAsync("/audit/api/export.jsonl", Caller.Admin),
            ["reader csv export"] = await host.Reader.ExportAsync(AuditExportFormat.Csv),
            ["api events"] = await host.GetTextAsync("/audit/api/events?limit=1000", Caller.Admin),
        };
        var files = await host.StoredFilesAroundCheckpointAsync();

        foreach (var raw in rawAddresses)
        {
            foreach (var (surface, text) in exports)
            {
                text.Should().NotContain(raw, $"{surface} must not disclose a raw address");
            }

            foreach (var (name, bytes) in files)
            {
                bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(raw)).Should().Be(-1, $"{name} must not hold {raw}");
            }
        }
    }
}
