using System.Globalization;
using AuditTrail.Conformance.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Two purges on one store at once (two application instances' retention, or the command line beside a host): a pass
/// that starts while another is between its batches must not take that live purge for a killed one and record its
/// rows, which the live purge then records again. Each removed row is named by exactly one <c>audit.purged</c> record.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    [Fact]
    public async Task Retention_AnotherInstancePassStartsWhileAPurgeIsBetweenItsBatches_EachRemovedRowIsRecordedOnce()
    {
        await _services!.DisposeAsync();
        ServiceProvider? other = null;
        var otherPurged = -1;
        var store = new PurgeObservingStore(CreateStore())
        {
            AfterFirstPurge = async () => otherPurged = await other!.GetRequiredService<IAuditRetention>().PurgeAsync(),
        };
        Action<AuditTrailOptions> retention = o =>
        {
            o.Retention.Period = TimeSpan.FromDays(30);
            o.Retention.BatchSize = 2;
        };
        _services = Build(store, retention);
        await using (other = Build(CreateStore(), retention))
        {
            await WriteSixExpiredThenFourAsync();

            var purged = await Services.GetRequiredService<IAuditRetention>().PurgeAsync();

            (await RowsRecordedAsPurgedAsync()).Should().Equal([1, 2, 3, 4, 5, 6], "each removed row is recorded once, by the purge that removed it");
            otherPurged.Should().Be(0, "the other instance's pass skips while this purge runs");
            purged.Should().Be(6);

            (await other.GetRequiredService<IAuditRetention>().PurgeAsync()).Should().Be(0, "nothing else is old enough");
            (await RowsRecordedAsPurgedAsync()).Should().Equal([1, 2, 3, 4, 5, 6], "a pass after the purge ended finds nothing unrecorded");
            (await Verifier.VerifyAsync()).Problem.Should().BeNull();
        }
    }

    [Fact]
    public async Task Retention_ACallWhileThisInstancesPassIsUnderWay_WaitsForIt_ThenApplies()
    {
        await _services!.DisposeAsync();
        Task<int>? second = null;
        using var cancel = new CancellationTokenSource();
        var store = new PurgeObservingStore(CreateStore())
        {
            // The hosted service's pass (here the first call) is between its batches when the application calls
            // PurgeAsync itself; then the first pass is cancelled after its first batch.
            AfterFirstPurge = () =>
            {
                second = Services.GetRequiredService<IAuditRetention>().PurgeAsync();
                cancel.Cancel();
                return Task.CompletedTask;
            },
        };
        _services = Build(store, o =>
        {
            o.Retention.Period = TimeSpan.FromDays(30);
            o.Retention.BatchSize = 2;
        });
        await WriteSixExpiredThenFourAsync();

        var first = () => Services.GetRequiredService<IAuditRetention>().PurgeAsync(cancel.Token);

        await first.Should().ThrowAsync<OperationCanceledException>();
        (await second!).Should().Be(4, "the call waits for this instance's pass under way, then purges what that pass left, rather than skipping");
        (await RowsRecordedAsPurgedAsync()).Should().Equal([1, 2, 3, 4, 5, 6], "each removed row is recorded once, by the pass that removed it");
        (await Verifier.VerifyAsync()).Problem.Should().BeNull();
    }

    [Fact]
    public async Task Retention_HostDisposedWhileAPassRunsAndACallWaits_ThePassEndsAsAnyDoesAndTheCallDoesNotWaitForever()
    {
        await _services!.DisposeAsync();
        Task<int>? second = null;
        var store = new PurgeObservingStore(CreateStore())
        {
            // The host shuts down while its pass is between batches and the application's own call waits for that pass.
            AfterFirstPurge = async () =>
            {
                second = Services.GetRequiredService<IAuditRetention>().PurgeAsync();
                await _services!.DisposeAsync();
            },
        };
        _services = Build(store, o =>
        {
            o.Retention.Period = TimeSpan.FromDays(30);
            o.Retention.BatchSize = 2;
        });
        await WriteSixExpiredThenFourAsync();

        var first = () => Services.GetRequiredService<IAuditRetention>().PurgeAsync();

        (await first.Should().ThrowAsync<ObjectDisposedException>()).Which.ObjectName.Should().Be(
            nameof(IAuditLogger), "the pass ends as any pass the host shuts down under (its record cannot be written), not with the disposal of the instance's gate");
        await Poll.UntilAsync(() => second!.IsCompleted, "the call that waited for the pass ends too, rather than waiting forever for a gate that was disposed");
    }

    /// <summary>The sequences every <c>audit.purged</c> record names (<c>anchor_sequence</c> back by <c>purged_count</c>, or from row 1), sorted, duplicates kept.</summary>
    private async Task<List<long>> RowsRecordedAsPurgedAsync()
    {
        var records = await Services.GetRequiredService<IAuditStore>().QueryAsync(
            new AuditStoreQuery(new AuditFilter { Actions = [AuditActions.AuditPurged] }, null, 50));
        var rows = new List<long>();
        foreach (var record in records)
        {
            var anchor = long.Parse(record.Metadata[AuditInterruptedPurge.AnchorSequenceKey], CultureInfo.InvariantCulture);
            var count = record.Metadata.TryGetValue("purged_count", out var text) ? long.Parse(text, CultureInfo.InvariantCulture) : anchor;
            for (var sequence = anchor - count + 1; sequence <= anchor; sequence++)
            {
                rows.Add(sequence);
            }
        }

        rows.Sort();
        return rows;
    }
}
