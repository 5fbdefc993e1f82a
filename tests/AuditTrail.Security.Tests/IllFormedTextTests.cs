using AuditTrail.Conformance.Support;
using AuditTrail.Security.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Security.Tests;

/// <summary>Ill-formed UTF-16, NUL and control characters in every field.</summary>
public sealed class IllFormedTextTests : IAsyncLifetime
{
    private const char Replacement = '\uFFFD';

    private static readonly string[] Hostile =
    [
        "lone high \uD800 end",
        "lone low \uDC00 end",
        "\uDBFF",
        "reversed \uDC00\uD800 pair",
        "nul \0 inside",
        "controls \u0001\u0007\u001B[31m\u001F\u007F\u0080\u009F",
        "valid pair \uD83D\uDE00 kept",
        "\uFEFF bom and \u200B zero width \u202E right-to-left override",
    ];

    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task IllFormedUtf16NulAndControls_InEveryField_AreStoredDeterministicallyExportedAndTheChainVerifies()
    {
        foreach (var text in Hostile)
        {
            var expected = Repaired(text);
            var first = await LogAsync(text);
            var second = await LogAsync(text);

            foreach (var id in new[] { first, second })
            {
                var stored = await _host.Reader.GetAsync(AuditViewer.Admin("inspector"), id);
                stored!.Actor.Should().Be(AuditActor.User(expected, expected));
                stored.Action.Should().Be(expected.Trim());
                stored.FailureReason.Should().Be(expected);
                stored.Resource.Should().Be(new AuditResource(expected, expected, expected));
                stored.Description.Should().Be(expected);
                stored.Changes.Should().Equal(new AuditFieldChange(expected, expected, expected));
                stored.SourceIp.Should().Be(expected);
                stored.UserAgent.Should().Be(expected);
                stored.CorrelationId.Should().Be(expected);
                stored.TenantId.Should().Be(expected);
                stored.Metadata.Should().Equal(new Dictionary<string, string> { [expected] = expected });
            }
        }

        var csv = Rfc4180.Parse(await _host.Reader.ExportAsync(AuditExportFormat.Csv, new AuditQuery { ActionTypes = [AuditActionType.Update] }));
        csv.Should().HaveCount(1 + (2 * Hostile.Length));
        var jsonLines = await _host.Reader.ExportAsync(AuditExportFormat.JsonLines, new AuditQuery { ActionTypes = [AuditActionType.Update] });
        jsonLines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2 * Hostile.Length);
        (await _host.GetTextAsync("/audit/api/export.csv", Caller.Admin)).Should().NotBeEmpty();
        (await _host.GetTextAsync("/audit/api/events?limit=1000", Caller.Admin)).Should().Contain("\\uFFFD", "the API escapes the replacement character");

        var report = await _host.Services.GetRequiredService<IAuditVerifier>().VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.RowsVerified.Should().BeGreaterThanOrEqualTo(2 * Hostile.Length);
    }

    private Task<Guid> LogAsync(string text) => _host.Audit.LogAsync(Everywhere.Event(text));

    /// <summary>The documented rule: a lone surrogate or NUL becomes U+FFFD; everything else is kept.</summary>
    private static string Repaired(string text)
    {
        var result = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                result.Append(text, i, 2);
                i++;
            }
            else
            {
                result.Append(text[i] == '\0' || char.IsSurrogate(text[i]) ? Replacement : text[i]);
            }
        }

        return result.ToString();
    }
}
