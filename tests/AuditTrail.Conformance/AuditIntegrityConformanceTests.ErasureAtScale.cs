using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>Erasure of a person named on more rows than one rewrite statement takes (the store rewrites them in chunks).</summary>
public abstract partial class AuditIntegrityConformanceTests
{
    [Fact]
    public async Task Erasure_OfMoreRowsThanOneStatementRewrites_ErasesEveryOne_LeavesOthersAsTheyWere_AndTheTrailVerifies()
    {
        await RestartWithErasureAsync();
        var erin = AuditActor.User(Person, "Erin Example");
        var other = AuditActor.User("u-other", "Other Person");
        var events = Enumerable.Range(0, 1_600).Select(i => (i % 4) switch
        {
            0 or 1 => new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = erin, SourceIp = "198.51.100.7", UserAgent = "ErinBrowser/1.0", TenantId = $"t{i % 3}", Description = $"change {i}" },
            2 => new AuditEvent { Action = AuditActions.RoleChanged, ActionType = AuditActionType.Security, Actor = other, TargetUser = new AuditTargetUser(Person, "Erin Example"), SourceIp = "203.0.113.10", Description = $"role {i}" },
            _ => new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = other, SourceIp = "203.0.113.10", UserAgent = "OtherBrowser/1.0", Description = $"other {i}" },
        }).ToList();
        foreach (var batch in events.Chunk(200))
        {
            await Task.WhenAll(batch.Select(e => Logger.LogAsync(e)));
        }

        var admin = AuditViewer.Admin("auditor");
        var othersBefore = await QueryAsync(admin, new AuditQuery { ActorIds = ["u-other"], ActionTypes = [AuditActionType.Update] });

        var result = await Erasure.EraseActorAsync(Person, Dpo);

        result.RowCount.Should().Be(1_200);
        result.Rewritten.Should().Be(1_200);
        (await QueryAsync(admin, new AuditQuery { ActorIds = [Person] })).Should().BeEmpty();
        (await QueryAsync(admin, new AuditQuery { TargetUserId = Person })).Should().BeEmpty();
        var erased = await QueryAsync(admin, new AuditQuery { ActorIds = [PersonPseudonym], ActionTypes = [AuditActionType.Update] });
        erased.Should().HaveCount(800).And.OnlyContain(r => r.Actor.DisplayName == null && r.SourceIp == null && r.UserAgent == null);
        var targeted = await QueryAsync(admin, new AuditQuery { TargetUserId = PersonPseudonym });
        targeted.Should().HaveCount(400).And.OnlyContain(r => r.TargetUser!.DisplayName == null && r.Actor.Id == "u-other" && r.SourceIp == "203.0.113.10");
        (await QueryAsync(admin, new AuditQuery { ActorIds = ["u-other"], ActionTypes = [AuditActionType.Update] })).Should().BeEquivalentTo(othersBefore, o => o.WithStrictOrdering());
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.ErasedVerified.Should().Be(1_200);
    }
}
