using System.Globalization;
using System.Net.Http.Json;
using AuditTrail.Security.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Security.Tests;

/// <summary>Measures allocations, so it runs alone: other tests allocating meanwhile would blur the numbers.</summary>
[CollectionDefinition(nameof(MeasuredAllocationsGroup), DisableParallelization = true)]
public sealed class MeasuredAllocationsGroup;

/// <summary>A 10 MB description, a 30 KB user agent and 10 000 metadata entries.</summary>
[Collection(nameof(MeasuredAllocationsGroup))]
public sealed class HugeInputTests : IAsyncLifetime
{
    private const long Megabyte = 1024 * 1024;

    private SecurityHost _host = null!;

    public async Task InitializeAsync() => _host = await SecurityHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TenMegabyteDescription_IsTruncatedAsDocumentedWithBoundedAllocation()
    {
        var description = new string('d', 10 * 1024 * 1024);
        await _host.Audit.LogAsync(new AuditEvent { Action = "warmup", ActionType = AuditActionType.Update, Actor = AuditActor.System });

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var id = await _host.Audit.LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("mallory", "Mallory"), Description = description });
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // The string itself is 20 MB of UTF-16; one copy of it anywhere in the pipeline would pass 20 MB.
        allocated.Should().BeLessThan(8 * Megabyte, "the description is cut before it is copied, encoded or hashed");
        var stored = await _host.Reader.GetAsync(AuditViewer.Admin("inspector"), id);
        stored!.Description.Should().HaveLength(AuditLimits.Description).And.EndWith(AuditLimits.TruncationMarker);
        new FileInfo(_host.DatabasePath).Length.Should().BeLessThan(Megabyte);
        await EverythingElseStillWorksAsync();
    }

    [Fact]
    public async Task ThirtyKilobyteUserAgentAndTenThousandMetadataEntries_ThroughHttp_AreBoundedAsDocumented()
    {
        var metadata = Enumerable.Range(0, 10_000).ToDictionary(i => i.ToString("D5", CultureInfo.InvariantCulture), i => new string('v', 100));
        var userAgent = "Mozilla/5.0 " + new string('u', 30 * 1024);

        var id = await _host.RecordThroughHostAsync(
            new HostEventRequest { Description = "many entries", Metadata = metadata },
            Caller.Alice,
            request => request.Headers.TryAddWithoutValidation("User-Agent", userAgent));

        var stored = await _host.Reader.GetAsync(AuditViewer.Admin("inspector"), id);
        stored!.UserAgent.Should().HaveLength(AuditLimits.UserAgent).And.StartWith("Mozilla/5.0 ").And.EndWith(AuditLimits.TruncationMarker);
        stored.Metadata.Should().HaveCount(AuditLimits.MetadataEntries + 1);
        stored.Metadata.Should().Contain("00000", new string('v', 100)).And.Contain("metadata_truncated", (10_000 - AuditLimits.MetadataEntries).ToString(CultureInfo.InvariantCulture));

        // The same user agent on the audit API's own reads is bounded the same way.
        using var read = await _host.GetAsync("/audit/api/events", Caller.Alice, request => request.Headers.TryAddWithoutValidation("User-Agent", userAgent));
        read.IsSuccessStatusCode.Should().BeTrue();
        (await _host.RecordsAsync()).Should().Contain(record => record.Action == AuditActions.AuditQueried)
            .Which.UserAgent.Should().HaveLength(AuditLimits.UserAgent);
        await EverythingElseStillWorksAsync();
    }

    private async Task EverythingElseStillWorksAsync()
    {
        var id = await _host.RecordThroughHostAsync(new HostEventRequest { Description = "an ordinary change afterwards" }, Caller.Alice);

        var page = await _host.Reader.QueryAsync(AuditViewer.Admin("inspector"), new AuditQuery { Search = "ordinary change" });
        page.Items.Should().ContainSingle().Which.Id.Should().Be(id);
        (await _host.GetTextAsync("/audit/api/export.csv", Caller.Admin)).Should().Contain("an ordinary change afterwards");
        (await _host.GetTextAsync("/audit/api/export.jsonl", Caller.Alice)).Should().Contain("an ordinary change afterwards");
        var report = await _host.Services.GetRequiredService<IAuditVerifier>().VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
    }
}
