using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>
/// The append-only guard's erasure, as docs/integrity.md promises it: a person's fields may be cleared only by the
/// UPDATE that puts a pseudonym in the place of that person's id on the row (the actor's name, source IP in both forms
/// and user agent with the actor id; the target user's name with the target user id). The library's own erasures, of
/// a person who acted, was acted on, or both, and of a second person on a row already erased once, still pass.
/// </summary>
public abstract partial class AuditIntegrityConformanceTests
{
    [Theory]
    [InlineData("actor_name = NULL", 3)]
    [InlineData("source_ip = NULL", 3)]
    [InlineData("user_agent = NULL", 3)]
    [InlineData("target_user_name = NULL", 4)]
    [InlineData("target_user_id = 'erased-someone', target_user_name = NULL, actor_name = NULL", 4)]
    [InlineData("actor_id = 'erased-someone', actor_name = NULL, source_ip = NULL, user_agent = NULL, target_user_name = NULL", 4)]
    [InlineData("actor_name = NULL, user_agent = NULL", 9)]
    public async Task AppendOnlyGuard_ClearingAPersonsFieldsWithoutPseudonymisingTheirId_IsRefused(string assignment, long sequence)
    {
        await WriteTrailWithPersonAsync();

        // Row 9's actor id has a pseudonym's form from the start: the UPDATE puts no pseudonym in the place of an id.
        await Logger.LogAsync(new AuditEvent
        {
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Actor = AuditActor.User(AuditPseudonym.For(PseudonymKey, "u-earlier"), "Named Anyway"),
            UserAgent = "SomeBrowser/1.0",
        });
        var before = (await ReadChainAsync()).Single(e => e.Sequence == sequence).Record;

        var update = () => ExecuteAsync($"UPDATE {Table} SET {assignment} WHERE seq = {sequence}");

        await update.Should().ThrowAsync<Exception>("the guard lets no field go without its person's pseudonym").WithMessage("*append-only*");
        (await ReadChainAsync()).Single(e => e.Sequence == sequence).Record.Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task AppendOnlyGuard_ClearingTheHashedFormOfASourceIpWithoutPseudonymisingTheActor_IsRefused()
    {
        await WriteTrailAsync(2);
        var old = await WriteOldFormsAsync();
        await RestartAfterMigrationAsync();
        var row = old.First(row => row.Form == "::ffff:203.0.113.77");
        var target = await SequenceOfAsync(row.Id);

        var update = () => ExecuteAsync($"UPDATE {Table} SET source_ip_as_hashed = NULL WHERE seq = @seq", ("@seq", target));

        await update.Should().ThrowAsync<Exception>().WithMessage("*append-only*");
        (await ReadChainAsync()).Single(e => e.Sequence == target).Record.SourceIpAsHashed.Should().Be(row.Form);
    }

    [Fact]
    public async Task Erasure_OfPeopleWhoActedWereActedOnOrBoth_PassesTheGuard_AndTheTrailVerifies()
    {
        const string Bob = "u-bob";
        await RestartWithErasureAsync();
        var erin = AuditActor.User(Person, "Erin Example");
        var admin = AuditActor.User(Admin, "Admin");
        AuditEvent RoleChange(AuditActor actor, string target, string name) => new()
        {
            Action = AuditActions.RoleChanged,
            ActionType = AuditActionType.Security,
            Actor = actor,
            TargetUser = new AuditTargetUser(target, name),
            SourceIp = actor == erin ? "198.51.100.7" : "203.0.113.10",
            UserAgent = actor == erin ? "ErinBrowser/1.0" : "AdminBrowser/1.0",
        };
        await Logger.LogAsync(RoleChange(erin, Bob, "Bob Example"));
        await Logger.LogAsync(RoleChange(erin, Person, "Erin Example"));
        await Logger.LogAsync(RoleChange(admin, Person, "Erin Example"));
        await Logger.LogAsync(RoleChange(admin, Bob, "Bob Example"));

        (await Erasure.EraseActorAsync(Person, Dpo)).Rewritten.Should().Be(3, "the person acted on row 1, on themselves on row 2, and was acted on on row 3");
        var bob = await Erasure.EraseActorAsync(Bob, Dpo);

        bob.Rewritten.Should().Be(2, "row 1 was erased once already, for its actor");
        var bobPseudonym = AuditPseudonym.For(PseudonymKey, Bob);
        var rows = (await ReadChainAsync()).Where(e => e.Sequence <= 4).Select(e => e.Record).ToList();
        rows[0].Actor.Should().Be(new AuditActor(PersonPseudonym, null, AuditActorType.User));
        rows[0].TargetUser.Should().Be(new AuditTargetUser(bobPseudonym, null));
        rows[1].Actor.Should().Be(new AuditActor(PersonPseudonym, null, AuditActorType.User));
        rows[1].TargetUser.Should().Be(new AuditTargetUser(PersonPseudonym, null));
        rows.Take(2).Should().OnlyContain(r => r.SourceIp == null && r.UserAgent == null);
        rows.Skip(2).Should().OnlyContain(r => r.Actor == admin && r.SourceIp == "203.0.113.10" && r.UserAgent == "AdminBrowser/1.0");
        rows[2].TargetUser.Should().Be(new AuditTargetUser(PersonPseudonym, null));
        rows[3].TargetUser.Should().Be(new AuditTargetUser(bobPseudonym, null));
        (await Verifier.VerifyAsync()).Problem.Should().BeNull("two lawful erasures are not tampering");
    }
}
