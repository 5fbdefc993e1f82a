using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>Erasure and the events of the person still in the pipeline when it is asked for.</summary>
public abstract partial class AuditIntegrityConformanceTests
{
    [Fact]
    public async Task Erasure_WithThePersonsEventsStillInThePipeline_ErasesThemToo_AndTheTrailVerifies()
    {
        await RestartWithErasureAsync();
        var erin = AuditActor.User(Person, "Erin Example");
        var logged = Enumerable.Range(0, 200).Select(i => Logger.LogAsync(new AuditEvent
        {
            Action = "server.updated",
            ActionType = AuditActionType.Update,
            Actor = erin,
            SourceIp = "198.51.100.7",
            UserAgent = "ErinBrowser/1.0",
            Description = $"change {i}",
        })).ToList();

        var result = await Erasure.EraseActorAsync(Person, Dpo);
        await Task.WhenAll(logged);

        var admin = AuditViewer.Admin("auditor");
        (await QueryAsync(admin, new AuditQuery { ActorIds = [Person] })).Should().BeEmpty("events logged before the erasure was asked for are the person's too");
        (await QueryAsync(admin, new AuditQuery { Search = "Erin" })).Should().BeEmpty();
        result.RowCount.Should().Be(200);
        var report = await Verifier.VerifyAsync();
        report.Problem.Should().BeNull();
        report.ErasedVerified.Should().Be(200);
    }
}
