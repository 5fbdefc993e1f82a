using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditTrailConformanceTests
{
    [Fact]
    public async Task QueryAsync_CorrelationId_ReturnsExactlyThatOperationsRecords()
    {
        var first = await Logger.LogAsync(Event(John, "server.created", AuditActionType.Create) with { OccurredAt = Now.AddMinutes(-3), CorrelationId = "req-7" });
        var second = await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update) with { OccurredAt = Now.AddMinutes(-2), CorrelationId = "req-7" });
        await Logger.LogAsync(Event(John, "server.updated", AuditActionType.Update) with { OccurredAt = Now.AddMinutes(-1), CorrelationId = "req-70" });
        await Logger.LogAsync(Event(Mike, "server.deleted", AuditActionType.Delete) with { OccurredAt = Now });

        (await IdsAsync(Admin, new AuditQuery { CorrelationId = "req-7" })).Should().Equal(second, first);
        (await IdsAsync(Admin, new AuditQuery { CorrelationId = "REQ-7" })).Should().BeEmpty("the correlation id is compared exactly");
        (await IdsAsync(AuditViewer.User(Mike.Id), new AuditQuery { CorrelationId = "req-7" })).Should().BeEmpty("the scope still applies");
    }
}
