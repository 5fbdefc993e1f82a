using AuditTrail.Conformance.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditTrailConformanceTests
{
    /// <summary>The pseudonymisation modes, each with the options it needs.</summary>
    public static TheoryData<AuditIpPseudonymizationMode> PseudonymizationModes() =>
        [AuditIpPseudonymizationMode.None, AuditIpPseudonymizationMode.Truncate, AuditIpPseudonymizationMode.KeyedHash];

    [Theory]
    [MemberData(nameof(PseudonymizationModes))]
    public async Task SourceIp_EveryFormOfAnAddress_IsStoredInOneFormAndFoundByEveryForm(AuditIpPseudonymizationMode mode)
    {
        await StartAsync(o =>
        {
            o.SourceIpPseudonymization.Mode = mode;
            o.SourceIpPseudonymization.Key = mode == AuditIpPseudonymizationMode.KeyedHash ? [.. Enumerable.Repeat((byte)0x5A, 32)] : null;
        });
        var pseudonyms = Services.GetRequiredService<IAuditSourceIpPseudonymizer>();
        var logged = new Dictionary<string, List<Guid>>();
        foreach (var (canonical, forms) in SourceIpForms.ByAddress)
        {
            var ids = logged[canonical] = [];
            foreach (var form in forms)
            {
                // Straight through LogAsync, as a host without the ASP.NET Core middleware records; and through the context.
                ids.Add(await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update) with { SourceIp = form }));
                await AsAsync(Sarah, form, async () => ids.Add(await Logger.LogAsync(Event(Sarah, "server.updated", AuditActionType.Update))));
            }
        }

        foreach (var (canonical, forms) in SourceIpForms.ByAddress)
        {
            var stored = pseudonyms.Pseudonymize(canonical);
            if (mode == AuditIpPseudonymizationMode.None)
            {
                stored.Should().Be(canonical);
            }

            var records = (await AllPagesAsync(Admin, new AuditQuery { Limit = AuditQuery.MaxLimit })).Where(r => logged[canonical].Contains(r.Id)).ToList();
            records.Should().HaveCount(logged[canonical].Count);
            records.Should().OnlyContain(r => r.SourceIp == stored, $"every form of {canonical} is stored in one form");
            // Truncation gives addresses of one network one value: a filter by any of them finds the whole network.
            var expected = SourceIpForms.ByAddress.Where(other => pseudonyms.Pseudonymize(other.Canonical) == stored).SelectMany(other => logged[other.Canonical]);
            foreach (var form in forms.Append(stored!))
            {
                var found = await AllPagesAsync(Admin, new AuditQuery { SourceIp = form, Limit = AuditQuery.MaxLimit });
                found.Select(r => r.Id).Should().BeEquivalentTo(expected, $"a filter by '{form}' finds every record of {canonical}");
            }
        }
    }
}
