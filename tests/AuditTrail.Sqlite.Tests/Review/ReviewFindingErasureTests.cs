using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace AuditTrail.Sqlite.Tests.Review;

/// <summary>
/// A finding recorded as a review.finding record (AddReviewFindingsAsEvents) names its actor in its summary and
/// metadata, free text that an erasure does not rewrite (docs/retention.md): a retention rule for "review." makes such
/// records tombstones, after which nothing of the erased person is left in them or found by a search.
/// </summary>
public sealed class ReviewFindingErasureTests : IDisposable
{
    private const string Person = "u-erin-7f3";
    private const string Name = "Erin Example";
    private const string Address = "198.51.100.77";

    private readonly TemporaryDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 16, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Erase_ThenTheReviewRetentionRule_LeavesNothingOfThePersonInTheFindingRecords()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddAuditTrail(o =>
            {
                o.WriteRetryDelay = TimeSpan.Zero;
                o.RecordLifecycleEvents = false;
                o.Erasure.PseudonymKey = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
                o.Retention.Period = TimeSpan.FromDays(365);
                o.Retention.Rules.Add(new AuditRetentionRule { ActionCodePrefix = "review.", Period = TimeSpan.FromDays(1) });
            })
            .UseStore(_ => _database.CreateStore(o => o.IndexSearchInBackground = false))
            .AddReviewFindingsAsEvents()
            .AddReviewAlerts(o => o.BatchSize = 4);
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        var store = provider.GetRequiredService<IAuditStore>();
        await provider.GetRequiredService<IAuditLogger>().LogAsync(new AuditEvent
        {
            Action = AuditActions.RoleChanged,
            ActionType = AuditActionType.Security,
            Actor = AuditActor.User(Person, Name),
            TargetUser = new AuditTargetUser(Person, Name),
            SourceIp = Address,
            Changes = [new AuditFieldChange("role", "Viewer", "Admin")],
        });
        await FeedHost.AdvanceUntilAsync(
            _clock,
            () => store.CountAsync(new AuditFilter { Actions = [AuditActions.ReviewFinding] }).GetAwaiter().GetResult() > 0,
            "the self-granted admin role is recorded as a finding");
        var result = await provider.GetRequiredService<IAuditErasure>().EraseActorAsync(Person, AuditActor.User("u-dpo", "DPO"));
        var before = await store.StreamAsync(new AuditFilter { Actions = [AuditActions.ReviewFinding] }).ToListAsync();
        before.Should().Contain(f => f.Metadata["detector"] == AuditDetectors.PrivilegeEscalation && f.Description!.Contains(Name) && f.Metadata["actor_id"] == Person, "the erasure does not rewrite free text (docs/retention.md)");

        // The consumer's position holds retention back (docs/streaming.md): let it read every record first.
        var rows = await store.CountAsync(AuditFilter.All);
        await FeedHost.AdvanceUntilAsync(_clock, () => Position(store) >= rows, "the review consumer has read every record");
        _clock.Advance(TimeSpan.FromDays(2));

        // Retention counts from the newest record (docs/retention.md), so the trail goes on first.
        await provider.GetRequiredService<IAuditLogger>().LogAsync(new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-admin", "Admin") });
        (await provider.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(0, "the role change before the findings is kept");

        var findings = await store.StreamAsync(new AuditFilter { Actions = [AuditActions.ReviewFinding] }).ToListAsync();
        findings.Should().HaveCount(before.Count, "tombstones keep their place in the chain");
        foreach (var finding in findings)
        {
            var text = string.Join('\n', new[] { finding.Description, finding.TargetUser?.Id, finding.TargetUser?.DisplayName }
                .Concat(finding.Metadata.Select(pair => pair.Key + "=" + pair.Value)));
            text.Should().NotContain(Person).And.NotContain(Name).And.NotContain(Address);
        }
        foreach (var trace in new[] { Person, Name, Address })
        {
            (await store.CountAsync(new AuditFilter { Search = trace })).Should().Be(0, $"a search for '{trace}' must not find the finding record");
        }

        await ((SqliteAuditStore)store).UpdateSearchIndexAsync();
        (await provider.GetRequiredService<IAuditVerifier>().VerifyAsync()).Problem.Should().BeNull();
        result.RowCount.Should().BeGreaterThan(0);
        foreach (var service in Enumerable.Reverse(hosted))
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    private static long Position(IAuditStore store) =>
        ((IAuditConsumerCheckpoints)store).GetCheckpointsAsync().GetAwaiter().GetResult()
            .SingleOrDefault(c => c.Name == AuditReviewBuilderExtensions.AlertsConsumerName)?.Position ?? 0;
}
