using AuditTrail.Conformance.Support;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// The migration that puts stored source IPs in their canonical form: a trail whose rows hold other forms (as the
/// code before it stored what a host passed to <c>LogAsync</c>) is rewritten, found by every form of each address,
/// and still verifies against its signed checkpoints; an edit of the rewritten values is reported.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    /// <summary>
    /// The statements that take the test's database back to the schema before the migration of stored source IPs (drop
    /// the <c>source_ip_as_hashed</c> column and forget that version), so the next store instance runs it again.
    /// </summary>
    protected abstract IReadOnlyList<string> RevertCanonicalSourceIpsMigration { get; }

    [Fact]
    public async Task Migration_SourceIpsStoredInOtherForms_AreRewritten_FoundByEveryForm_AndTheTrailStillVerifies()
    {
        await WriteTrailAsync(3);
        var old = await WriteOldFormsAsync();
        await Checkpoints.CheckpointAsync();
        await WriteTrailAsync(2);

        await RestartAfterMigrationAsync();

        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.RowsVerified.Should().Be(5 + old.Count);
        var reader = Services.GetRequiredService<IAuditReader>();
        var viewer = AuditViewer.Admin("auditor");
        foreach (var (canonical, forms) in SourceIpForms.ByAddress)
        {
            var expected = old.Where(row => row.Canonical == canonical).Select(row => row.Id).ToList();
            foreach (var form in forms)
            {
                var page = await reader.QueryAsync(viewer, new AuditQuery { SourceIp = form, Limit = AuditQuery.MaxLimit });
                page.Items.Select(r => r.Id).Should().BeEquivalentTo(expected, $"'{form}' is a form of {canonical}");
                page.Items.Should().OnlyContain(r => r.SourceIp == canonical);
            }
        }

        foreach (var row in old)
        {
            var stored = await reader.GetAsync(viewer, row.Id);
            stored!.SourceIpAsHashed.Should().Be(row.Form == row.Canonical ? null : row.Form, "only rows not in canonical form are rewritten");
        }

        // A later start finds the schema migrated and leaves the rows as they are.
        await _services!.DisposeAsync();
        _services = Build(CreateStore());
        (await Verifier.VerifyAsync()).Problem.Should().BeNull();
        (await Services.GetRequiredService<IAuditReader>().GetAsync(viewer, old[1].Id))!.SourceIpAsHashed.Should().Be(old[1].Form);
    }

    [Theory]
    [InlineData("source_ip", "198.51.100.1")]
    [InlineData("source_ip", "203.0.113.78")]
    [InlineData("source_ip_as_hashed", "::ffff:203.0.113.78")]
    [InlineData("source_ip_as_hashed", "203.0.113.77")]
    public async Task Verify_RewrittenSourceIpEditedAfterTheMigration_ReportsTheModifiedRow(string column, string value)
    {
        await WriteTrailAsync(2);
        var old = await WriteOldFormsAsync();
        await RestartAfterMigrationAsync();
        var target = await SequenceOfAsync(old.First(row => row.Form == "::ffff:203.0.113.77").Id);
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET {column} = @value WHERE seq = @seq", ("@value", value), ("@seq", target));

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(target);
    }

    /// <summary>Writes one row per form of each address straight through the store, stored as given: what the code before the migration did.</summary>
    private async Task<List<(Guid Id, string Canonical, string Form)>> WriteOldFormsAsync()
    {
        var rows = new List<(Guid Id, string Canonical, string Form)>();
        var records = new List<AuditRecord>();
        foreach (var (canonical, forms) in SourceIpForms.ByAddress)
        {
            foreach (var form in forms)
            {
                var record = Some.Record(Clock.GetUtcNow()) with { SourceIp = form };
                records.Add(record);
                rows.Add((record.Id, canonical, form));
            }
        }

        await CreateStore().WriteAsync(records);
        return rows;
    }

    /// <summary>Takes the database back to before the migration and starts over it with a new store instance, which migrates.</summary>
    private async Task RestartAfterMigrationAsync()
    {
        foreach (var statement in RevertCanonicalSourceIpsMigration)
        {
            await ExecuteAsync(statement);
        }

        await _services!.DisposeAsync();
        _services = Build(CreateStore());
    }

    private async Task<long> SequenceOfAsync(Guid id)
    {
        await foreach (var entry in ((IAuditChainStore)Services.GetRequiredService<IAuditStore>()).ReadChainAsync(0))
        {
            if (entry.Record.Id == id)
            {
                return entry.Sequence;
            }
        }

        throw new InvalidOperationException($"Event {id} is not in the chain.");
    }
}
