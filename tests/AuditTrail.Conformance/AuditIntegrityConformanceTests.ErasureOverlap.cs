using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// Two people erased who share a row (an admin changed the role of a user, and both ask for erasure): the second
/// erasure rewrites a row the first erasure's digest covers, and the trail must still verify.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    private const string Admin = "u-admin";

    [Fact]
    public async Task Erasure_OfTwoPeopleWhoShareARow_TheTrailStillVerifies()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        (await Erasure.EraseActorAsync(Person, Dpo)).RowCount.Should().Be(4);

        var admin = await Erasure.EraseActorAsync(Admin, Dpo);

        admin.RowCount.Should().Be(5, "the admin did rows 3, 4 and 6 to 8; row 4 names the erased person as its target");
        admin.Restated.Should().Equal(PersonPseudonym);
        var restated = (await QueryAsync(AuditViewer.Admin("auditor"), new AuditQuery { Actions = [AuditActions.AuditErased] }))
            .Should().ContainSingle(r => r.Metadata.ContainsKey("restated_after")).Subject;
        restated.Metadata.Should().Contain("pseudonym", PersonPseudonym).And.Contain("row_count", "4").And.Contain("restated_after", admin.Pseudonym);
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull("two lawful erasures are not tampering");
        report.ErasedVerified.Should().Be(8);
    }

    [Fact]
    public async Task Erasure_OfTwoPeopleWhoShareARow_ThenTheSharedRowAltered_IsReported()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        await Erasure.EraseActorAsync(Admin, Dpo);
        await ExecuteAsync(DropAppendOnlyTrigger);

        await ExecuteAsync($"UPDATE {Table} SET description = 'nothing happened' WHERE seq = 4");

        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(10, "the person's first erasure record is superseded by its restatement; the admin's is the next that covers row 4");
        problem.Message.Should().Contain(AuditPseudonym.For(PseudonymKey, Admin));
    }

    [Fact]
    public async Task Erasure_SharingARowWithErasedRowsAlteredBefore_DoesNotRestateThem_AndTheAlterationIsStillReported()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await Erasure.EraseActorAsync(Person, Dpo);
        await ExecuteAsync(DropAppendOnlyTrigger);
        await ExecuteAsync($"UPDATE {Table} SET description = 'nothing happened' WHERE seq = 2");

        var admin = await Erasure.EraseActorAsync(Admin, Dpo);

        admin.Restated.Should().BeEmpty("restating the person's erasure now would cover up the altered row 2");
        var problem = await ProblemAsync();
        problem.Kind.Should().Be(AuditIntegrityProblemKind.ModifiedRow);
        problem.Sequence.Should().Be(9);
        problem.Message.Should().Contain(PersonPseudonym);
    }

    [Fact]
    public async Task Erasure_OfARowAlteredToCarryAnUnrecordedPseudonym_IsRefused_AndErasesNothing()
    {
        await RestartWithErasureAsync();
        await WriteTrailWithPersonAsync();
        await ExecuteAsync(DropAppendOnlyTrigger);
        var forged = AuditPseudonym.For(new byte[32], "nobody");
        await ExecuteAsync($"UPDATE {Table} SET target_user_id = '{forged}', description = 'nothing happened' WHERE seq = 3");

        var erase = () => Erasure.EraseActorAsync(Admin, Dpo);

        (await erase.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Row 3");
        (await QueryAsync(AuditViewer.Admin("auditor"), new AuditQuery { ActorIds = [Admin] })).Should().HaveCount(5, "nothing was erased");
        (await ProblemAsync()).Sequence.Should().Be(3);
    }
}
