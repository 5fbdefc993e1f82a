using System.Runtime.CompilerServices;

namespace AuditTrail.Tests.Review;

/// <summary>
/// The change detector over many actors: each one's episode is a finding, and an episode that has ended keeps only
/// its finding (not its records), so a trail where every change is its own episode holds the report, not the trail.
/// </summary>
public sealed class MaintenanceWindowEpisodeTests
{
    private static readonly DateTimeOffset Tuesday = Trail.Monday.AddDays(1);

    [Fact]
    public void Observe_AnEpisodeThatEnded_NoLongerHoldsItsRecords()
    {
        var detection = Detection();
        var changes = ObserveChanges(detection, 3);

        // Record time moves on past the episode gap: the episodes of the three actors end.
        detection.Observe(Record(Tuesday.AddHours(3), Trail.User("u-later"), AuditActionType.Authentication));
        Collect();

        changes.Where(c => c.IsAlive).Should().BeEmpty("an ended episode's finding is built and its records let go");
        detection.Found.Reported.Should().HaveCount(3);
    }

    [Fact]
    public void Reported_ManyActorsEachWithOneChange_OneFindingEachWithTheSameContentAsWhileOpen()
    {
        var detection = Detection();
        var records = Enumerable.Range(0, 2000)
            .Select(i => Record(Tuesday.AddSeconds(i * 7), Trail.User("u-" + i), (AuditActionType)((int)AuditActionType.Create + (i % 3)), ip: "10.0.0." + (i % 4)))
            .ToList();
        foreach (var record in records)
        {
            detection.Observe(record);
        }

        // Read while every episode is still open (within the gap of the last change), then after all have ended.
        var whileOpen = detection.Found.Reported.OrderBy(f => f.Start).ToList();
        detection.Advance(Tuesday.AddDays(1));
        var ended = detection.Found.Reported.OrderBy(f => f.Start).ToList();

        ended.Should().BeEquivalentTo(whileOpen, o => o.WithStrictOrdering());
        ended.Select(f => f.EvidenceIds.Single()).Should().Equal(records.Select(r => r.Id));
        ended[1].Summary.Should().Be("1 change (server.updated) by 'u-1' outside the maintenance windows, 2026-11-17 00:00 UTC");
        ended[1].SourceIp.Should().Be("10.0.0.1");
        ended[1].Id.Should().Be(AuditFindingIds.Of(AuditDetectors.ChangeOutsideMaintenanceWindow, AuditFindingIds.Key(null, "u-1"), records[1].Id));
    }

    private static AuditDetection Detection()
    {
        var options = new AuditReviewOptions();
        options.Maintenance.Weekly.Add(new AuditMaintenanceWindow(DayOfWeek.Saturday, new TimeOnly(22, 0), TimeSpan.FromHours(6)));
        return new AuditDetection(options, retention: null, geo: null);
    }

    /// <summary>Observes one change by each of <paramref name="actors"/> actors; the records are referenced only weakly here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> ObserveChanges(AuditDetection detection, int actors)
    {
        var references = new List<WeakReference>();
        for (var i = 0; i < actors; i++)
        {
            var record = Record(Tuesday.AddHours(1).AddMinutes(i), Trail.User("u-" + i), AuditActionType.Update);
            detection.Observe(record);
            references.Add(new WeakReference(record));
        }

        return references;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static AuditRecord Record(DateTimeOffset at, AuditActor actor, AuditActionType type, string ip = "203.0.113.7") => new()
    {
        Id = Guid.CreateVersion7(at),
        OccurredAt = at,
        RecordedAt = at,
        Actor = actor,
        Action = "server." + type.ToString().ToLowerInvariant() + "d",
        ActionType = type,
        Outcome = AuditOutcome.Success,
        SourceIp = ip,
        Resource = new AuditResource("server", "srv-1", "web-01"),
    };
}
