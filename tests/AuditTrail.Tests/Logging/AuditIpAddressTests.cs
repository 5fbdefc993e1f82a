using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Logging;

/// <summary>
/// The canonical form of source IPs: every textual form of one address gives one text, which is RFC 5952 for IPv6
/// and a fixed point; text that is not an address (or is an ambiguous shorthand) is kept as given.
/// </summary>
public sealed class AuditIpAddressTests
{
    public static TheoryData<string, string> Forms()
    {
        var data = new TheoryData<string, string>();
        foreach (var (canonical, forms) in SourceIpForms.ByAddress)
        {
            foreach (var form in forms)
            {
                data.Add(form, canonical);
            }
        }

        data.Add("::", "::");
        data.Add("0:0:0:0:0:0:0:0", "::");
        data.Add("1:0:0:0:0:0:0:0", "1::");
        data.Add("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1");
        data.Add("2001:0:0:1:0:0:0:1", "2001:0:0:1::1");
        data.Add("::1.2.3.4", "::102:304");
        data.Add("::ffff:0:1.2.3.4", "::ffff:0:102:304");
        data.Add("64:FF9B::192.0.2.33", "64:ff9b::c000:221");
        data.Add("0.0.0.0", "0.0.0.0");
        data.Add("255.255.255.255", "255.255.255.255");
        data.Add("\t10.0.0.1\n", "10.0.0.1");
        return data;
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Canonicalize_EveryFormOfAnAddress_GivesItsOneCanonicalForm(string form, string canonical)
    {
        AuditIpAddress.Canonicalize(form).Should().Be(canonical);
        AuditIpAddress.Canonicalize(canonical).Should().Be(canonical, "the canonical form is a fixed point");
        AuditIpAddress.IsCanonicalFormOf(canonical, form).Should().BeTrue();
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData(" not an address ")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hmac:0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("[REDACTED]")]
    [InlineData("203.0.113.77:443")]
    [InlineData("[::1]")]
    [InlineData("[2001:db8::1]:443")]
    [InlineData("203.0.113.77, 10.0.0.1")]
    [InlineData("1.2.3.256")]
    [InlineData("1.2.3")]
    [InlineData("127.1")]
    [InlineData("1")]
    [InlineData("010.0.0.1")]
    [InlineData("1.2.3.04")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("fe80::1%")]
    [InlineData("%eth0")]
    [InlineData("2001:db8::1::1")]
    [InlineData("12345::1")]
    public void Canonicalize_TextThatIsNotAnUnambiguousAddress_IsKeptAsGiven(string text)
    {
        AuditIpAddress.Canonicalize(text).Should().BeSameAs(text);
        AuditIpAddress.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Canonicalize_Null_IsNull() => AuditIpAddress.Canonicalize(null).Should().BeNull();

    [Fact]
    public void Canonicalize_EverySpellingOfManyAddresses_GivesOneTextThatIsRfc5952()
    {
        // A class, not examples: random addresses with runs of zero groups, each written in every way the parser takes.
        var random = new Random(20261203);
        for (var n = 0; n < 3000; n++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            for (var group = 0; group < 8; group++)
            {
                if (random.Next(3) == 0)
                {
                    bytes[2 * group] = bytes[(2 * group) + 1] = 0;
                }
            }

            var address = new IPAddress(bytes);
            var canonical = AuditIpAddress.Format(address);
            if (!address.IsIPv4MappedToIPv6 && !HasEmbeddedIpv4Notation(bytes))
            {
                canonical.Should().Be(address.ToString(), "the runtime's formatter follows RFC 5952 outside the mixed notation");
            }

            IPAddress.Parse(canonical).GetAddressBytes().Should().Equal(address.IsIPv4MappedToIPv6 ? address.MapToIPv4().GetAddressBytes() : bytes);
            foreach (var form in Spellings(bytes, random))
            {
                AuditIpAddress.Canonicalize(form).Should().Be(canonical, $"'{form}' is a form of {canonical}");
            }
        }
    }

    [Fact]
    public void Canonicalize_MappedAddresses_AreTheirIpv4Form()
    {
        var random = new Random(7);
        for (var n = 0; n < 500; n++)
        {
            var v4Bytes = new byte[4];
            random.NextBytes(v4Bytes);
            var v4 = new IPAddress(v4Bytes);
            var mapped = v4.MapToIPv6();

            AuditIpAddress.Format(mapped).Should().Be(v4.ToString());
            AuditIpAddress.Canonicalize(mapped.ToString().ToUpperInvariant()).Should().Be(v4.ToString());
            AuditIpAddress.Canonicalize("0:0:0:0:0:FFFF:" + v4).Should().Be(v4.ToString());
        }
    }

    [Fact]
    public void Format_DropsTheZone()
    {
        var scoped = new IPAddress(IPAddress.Parse("fe80::1").GetAddressBytes(), scopeid: 4);

        AuditIpAddress.Format(scoped).Should().Be("fe80::1");
        AuditIpAddress.TryParse("fe80::1%4", out var parsed).Should().BeTrue();
        parsed!.ScopeId.Should().Be(0);
        parsed.AddressFamily.Should().Be(AddressFamily.InterNetworkV6);
    }

    [Fact]
    public void IsCanonicalFormOf_OtherAddressOrOtherForm_IsFalse()
    {
        AuditIpAddress.IsCanonicalFormOf("203.0.113.78", "::ffff:203.0.113.77").Should().BeFalse();
        AuditIpAddress.IsCanonicalFormOf("::ffff:203.0.113.77", "::ffff:203.0.113.77").Should().BeFalse("the stored text must be the canonical form");
        AuditIpAddress.IsCanonicalFormOf(null, "203.0.113.77").Should().BeFalse();
    }

    /// <summary>The runtime writes ::a.b.c.d and ::ffff:0:a.b.c.d in the mixed notation, which the canonical form does not use.</summary>
    private static bool HasEmbeddedIpv4Notation(byte[] bytes) =>
        bytes.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0
        && ((bytes[8] == 0 && bytes[9] == 0 && bytes[10] == 0 && bytes[11] == 0 && (bytes[12] != 0 || bytes[13] != 0))
            || (bytes[8] == 0xFF && bytes[9] == 0xFF && bytes[10] == 0 && bytes[11] == 0));

    private static IEnumerable<string> Spellings(byte[] bytes, Random random)
    {
        var groups = Enumerable.Range(0, 8).Select(i => (bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToArray();
        var expanded = string.Join(':', groups.Select(g => g.ToString("x4", CultureInfo.InvariantCulture)));
        yield return expanded;
        yield return expanded.ToUpperInvariant();
        yield return string.Join(':', groups.Select(g => g.ToString("X", CultureInfo.InvariantCulture)));

        // Any run of zero groups compressed, not only the longest.
        for (var start = 0; start < 8; start++)
        {
            var end = start;
            while (end < 8 && groups[end] == 0)
            {
                end++;
            }

            if (end > start)
            {
                var head = string.Join(':', groups[..start].Select(g => g.ToString("x", CultureInfo.InvariantCulture)));
                var tail = string.Join(':', groups[end..].Select(g => g.ToString("X3", CultureInfo.InvariantCulture)));
                yield return head + "::" + tail;
            }
        }

        var zone = random.Next(3) switch { 0 => "%1", 1 => "%eth0", _ => "%25" };
        yield return expanded + zone;
        yield return " " + new IPAddress(bytes) + "\t";
    }
}
