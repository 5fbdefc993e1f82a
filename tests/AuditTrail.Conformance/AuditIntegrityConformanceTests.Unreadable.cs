using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// A row edited into values no store of this library writes cannot be read as a record: the verifier names it as a
/// modified row (it must not fail), and a read that reaches it fails with <see cref="AuditUnreadableRowException"/>
/// naming its sequence.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    [Theory]
    [InlineData("action_type = 'Bogus'")]
    [InlineData("outcome = 'Maybe'")]
    [InlineData("changes = '{\"field\": 1}'")]
    [InlineData("metadata = '[1, 2]'")]
    public async Task Verify_RowEditedIntoUnreadableValues_ReportsTheModifiedRow(string assignment)
    {
        await WriteTrailAsync(10);
        await Checkpoints.CheckpointAsync();
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET {assignment} WHERE seq = 4");

        var report = await Verifier.VerifyAsync();
        report.Problem.Should().NotBeNull("the trail was tampered with");
        report.Problem!.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        report.Problem.Sequence.Should().Be(4);
        report.RowsVerified.Should().Be(3);
    }

    [Fact]
    public async Task Verify_NewestRowWithoutAHash_ReportsTheModifiedRow()
    {
        await WriteTrailAsync(10);
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET hash = NULL WHERE seq = 10");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(10);
    }

    [Fact]
    public async Task Read_RowEditedIntoUnreadableValues_FailsNamingItsSequence()
    {
        await WriteTrailAsync(5);
        await ExecuteAsync(DropAppendOnlyTrigger);
        await ExecuteAsync($"UPDATE {Table} SET action_type = 'Bogus' WHERE seq = 4");
        var store = Services.GetRequiredService<IAuditStore>();

        var stream = async () => await store.StreamAsync(new AuditFilter()).ToListAsync();
        var chain = async () => await ((IAuditChainStore)store).ReadChainAsync(0).ToListAsync();

        (await stream.Should().ThrowAsync<AuditUnreadableRowException>())
            .Which.Sequence.Should().Be(4);
        (await chain.Should().ThrowAsync<AuditUnreadableRowException>())
            .WithMessage("*sequence 4*altered outside AuditTrail*");
    }

    [Fact]
    public async Task Verify_ErasureRecordEditedIntoUnreadableValues_ReportsTheModifiedRow()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET action_type = 'Bogus' WHERE seq = 9");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(9, "the erasure record is the ninth row");
    }
}
