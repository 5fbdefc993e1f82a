using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    [Fact]
    public async Task GetAsync_AfterWrite_RoundTripsEveryField()
    {
        var record = Some.FullRecord();

        await WriteAsync(record);

        ShouldBeSameRecord(await Store.GetAsync(record.Id), record);
    }

    [Fact]
    public async Task QueryAsync_AfterWrite_ReturnsTheSameRecordAsGetAsync()
    {
        var record = Some.FullRecord();
        await WriteAsync(record);

        var page = await QueryAsync(AuditFilter.All);
        var streamed = await StreamAllAsync(AuditFilter.All);

        ShouldBeSameRecords(page, [record]);
        ShouldBeSameRecords(streamed, [record]);
    }

    [Fact]
    public async Task WriteAsync_NullsAndEmptyStrings_StayDistinct()
    {
        var nulls = Some.SparseRecord(Some.BaseTime) with { Actor = new AuditActor("nulls", null, AuditActorType.User) };
        var empties = Some.Record() with
        {
            Actor = new AuditActor("empties", string.Empty, AuditActorType.User),
            Resource = new AuditResource(string.Empty, string.Empty, string.Empty),
            Description = string.Empty,
            FailureReason = string.Empty,
            Changes = [new AuditFieldChange(string.Empty, string.Empty, null), new AuditFieldChange("f", null, string.Empty)],
            SourceIp = string.Empty,
            UserAgent = string.Empty,
            CorrelationId = string.Empty,
            TenantId = string.Empty,
            Metadata = Some.Metadata((string.Empty, string.Empty)),
        };
        var resourceWithoutIdOrName = Some.Record() with { Resource = new AuditResource("server", null, null) };
        var spaces = Some.Record() with
        {
            Actor = new AuditActor(" spaced ", "  ", AuditActorType.User),
            Description = "  leading and trailing  ",
            Resource = new AuditResource(" ", " ", " "),
        };

        await WriteAsync(nulls, empties, resourceWithoutIdOrName, spaces);

        ShouldBeSameRecord(await Store.GetAsync(nulls.Id), nulls);
        ShouldBeSameRecord(await Store.GetAsync(empties.Id), empties);
        ShouldBeSameRecord(await Store.GetAsync(resourceWithoutIdOrName.Id), resourceWithoutIdOrName);
        ShouldBeSameRecord(await Store.GetAsync(spaces.Id), spaces);
        (await Store.GetAsync(nulls.Id))!.Changes.Should().NotBeNull().And.BeEmpty();
        (await Store.GetAsync(nulls.Id))!.Metadata.Should().NotBeNull().And.BeEmpty();
    }

    [Theory]
    [InlineData("2025-03-14T09:26:53.589793Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00.000001Z")]
    [InlineData("1969-12-31T23:59:59.999999Z")]
    [InlineData("2024-02-29T23:59:59.999999Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999999Z")]
    [InlineData("2025-06-01T12:00:00.123456+05:30")]
    [InlineData("2025-06-01T12:00:00.000001-08:00")]
    public async Task WriteAsync_Times_RoundTripToTheMicrosecondInUtc(string time)
    {
        var instant = Some.At(time);
        var record = Some.Record() with { OccurredAt = instant, RecordedAt = instant };

        await WriteAsync(record);
        var stored = await Store.GetAsync(record.Id);

        stored!.OccurredAt.UtcTicks.Should().Be(instant.UtcTicks);
        stored.RecordedAt.UtcTicks.Should().Be(instant.UtcTicks);
        stored.OccurredAt.Offset.Should().Be(TimeSpan.Zero);
        stored.RecordedAt.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public async Task WriteAsync_EveryEnumValue_RoundTrips()
    {
        var records = Enum.GetValues<AuditActionType>().Select(type => Some.Record() with { ActionType = type })
            .Concat(Enum.GetValues<AuditActorType>().Select(type => Some.Record() with { Actor = new AuditActor("a", "A", type) }))
            .Concat(Enum.GetValues<AuditOutcome>().Select(outcome => Some.Record() with { Outcome = outcome }))
            .ToArray();

        await WriteAsync(records);

        foreach (var record in records)
        {
            ShouldBeSameRecord(await Store.GetAsync(record.Id), record);
        }
    }

    [Fact]
    public async Task WriteAsync_ValuesAtTheirLengthLimits_RoundTrip()
    {
        var record = Some.Record() with
        {
            Actor = new AuditActor(Some.Text(AuditLimits.ActorId, 'a'), Some.Text(AuditLimits.ActorName, 'n'), AuditActorType.User),
            Action = Some.Text(AuditLimits.Action, 'c'),
            Resource = new AuditResource(Some.Text(AuditLimits.ResourceType, 't'), Some.Text(AuditLimits.ResourceId, 'i'), Some.Text(AuditLimits.ResourceName, 'r')),
            Description = Some.Text(AuditLimits.Description - AuditLimits.TruncationMarker.Length, 'd') + AuditLimits.TruncationMarker,
            FailureReason = Some.Text(AuditLimits.FailureReason, 'f'),
            SourceIp = Some.Text(AuditLimits.SourceIp, '1'),
            UserAgent = Some.Text(AuditLimits.UserAgent, 'u'),
            CorrelationId = Some.Text(AuditLimits.CorrelationId, 'o'),
            TenantId = Some.Text(AuditLimits.TenantId, 'e'),
            Changes = Enumerable.Range(0, AuditLimits.ChangesPerEvent)
                .Select(i => new AuditFieldChange($"field_{i:D3}", Some.Text(AuditLimits.Value, 'o'), Some.Text(AuditLimits.Value, 'n')))
                .ToArray(),
            Metadata = Some.Metadata(Enumerable.Range(0, AuditLimits.MetadataEntries)
                .Select(i => ($"key_{i:D2}", Some.Text(AuditLimits.Value, 'v')))
                .ToArray()),
        };

        await WriteAsync(record);

        ShouldBeSameRecord(await Store.GetAsync(record.Id), record);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        await WriteAsync(Some.Record());

        (await Store.GetAsync(Some.Id())).Should().BeNull();
        (await Store.GetAsync(Guid.Empty)).Should().BeNull();
    }
}
