using AuditTrail.Conformance.Support;
using AuditTrail.Delivery.Tests.Support;

namespace AuditTrail.Delivery.Tests;

/// <summary>
/// The spool cannot grow during an outage: a file size limit (<c>ulimit -f</c>) makes a write fail after writing what
/// fits, part of a batch's lines, as a full disk does.
/// </summary>
public sealed class SpoolFullDiskTests : IDisposable
{
    private readonly FaultDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task SpoolCannotGrow_CallersAreToldAndNotAcknowledged_AndOnlyAcknowledgedEventsAreReplayed()
    {
        if (!OperatingSystem.IsLinux())
        {
            // bash's ulimit -f and SIGXFSZ; the spool's code path is the same everywhere.
            return;
        }

        using (var child = FaultHostProcess.StartWithFileSizeLimit(256, "--db", _database.Path, "--spool", _database.SpoolDirectory, "--workers", "4", "--down"))
        {
            await Poll.UntilAsync(
                () => child.Failed.Count >= 20 || child.HasExited,
                $"the fault host's callers are told that the spool is full (its error output: {child.StandardError})",
                TimeSpan.FromSeconds(60));
            child.HasExited.Should().BeFalse(child.StandardError);
            await child.KillAsync();

            child.Acknowledged.Should().NotBeEmpty("the spool took events until it was full");
            child.Acknowledged.Should().NotIntersectWith(child.Failed);

            using (var drain = FaultHostProcess.Start("--db", _database.Path, "--spool", _database.SpoolDirectory, "--drain"))
            {
                (await drain.WaitForExitAsync(TimeSpan.FromSeconds(60))).Should().Be(0, drain.StandardError);
            }

            var stored = _database.IdsInCommitOrder();
            stored.Should().Contain(child.Acknowledged, "every acknowledged event was synced into the spool and replayed");
            stored.Should().NotIntersectWith(child.Failed, "the lines of an append that failed are cut back: their callers were told they were not recorded");
            stored.Should().OnlyHaveUniqueItems();
        }

        _database.SpoolSegments().Should().BeEmpty();
    }
}
