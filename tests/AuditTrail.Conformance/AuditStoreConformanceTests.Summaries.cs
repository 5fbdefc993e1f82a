using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [Fact]
    public async Task StreamSummariesAsync_ManyRecords_SameRecordsOrderAndSummaryFieldsAsStreamAsync()
    {
        // More than a page, ties across page boundaries, every field set on some, a filter with a time range and a type.
        var full = Some.FullRecord();
        var records = Some.Records(2_100, i => Some.Time(i / 5))
            .Select((record, i) => i % 3 == 0 ? full with { Id = record.Id, OccurredAt = record.OccurredAt, RecordedAt = record.RecordedAt } : record)
            .Select((record, i) => i % 7 == 0 ? record with { ActionType = AuditActionType.Delete, Action = "server.deleted" } : record)
            .ToArray();
        await WriteAsync(records);
        var filter = new AuditFilter { ActionTypes = [AuditActionType.Update], From = Some.Time(20), To = Some.Time(400) };

        var whole = await StreamAllAsync(filter);
        var summaries = await StreamSummariesAsync(filter);

        whole.Should().HaveCountGreaterThan(1_000);
        summaries.Select(Summary).Should().Equal(whole.Select(Summary));
    }

    [Fact]
    public async Task StreamSummariesAsync_TenantScope_YieldsOnlyThatTenantsRecords()
    {
        var acme = Some.Record(Some.Time(1)) with { TenantId = "acme" };
        var other = Some.Record(Some.Time(2)) with { TenantId = "other" };
        var none = Some.Record(Some.Time(3));
        await WriteAsync(acme, other, none);

        var summaries = await StreamSummariesAsync(new AuditFilter { ScopeTenantId = "acme" });

        summaries.Select(record => record.Id).Should().Equal(acme.Id);
    }

    /// <summary>The store's summaries, or its whole records when it has no narrow read (what the review falls back to).</summary>
    private async Task<List<AuditRecord>> StreamSummariesAsync(AuditFilter filter)
    {
        var stream = Store is IAuditSummaryStore narrow ? narrow.StreamSummariesAsync(filter) : Store.StreamAsync(filter);
        var records = new List<AuditRecord>();
        await foreach (var record in stream)
        {
            records.Add(record);
        }

        return records;
    }

    private static string Summary(AuditRecord record) => string.Join('|', AuditRecordFields.Summary.Select(field => field.Kind switch
    {
        AuditRecordFieldKind.Id => field.GetId(record).ToString(),
        AuditRecordFieldKind.Time => field.GetTime(record).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        _ => field.GetText(record) ?? "<null>",
    }));
}
