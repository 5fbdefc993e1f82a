using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>The store names one record's chain position (<see cref="IAuditChainPositionStore"/>): the link the verifier reads.</summary>
public abstract partial class AuditIntegrityConformanceTests
{
    [Fact]
    public async Task ChainPosition_OfEachRecord_IsItsLinkInTheChain_AndNullForAnUnknownId()
    {
        var ids = await WriteTrailAsync(5);
        var store = Services.GetService(typeof(IAuditStore)).Should().BeAssignableTo<IAuditChainPositionStore>(
            "the viewer's details panel shows an admin the chain position").Subject;
        var chain = (IAuditChainStore)store;
        await foreach (var entry in chain.ReadChainAsync(0))
        {
            var position = await store.GetChainPositionAsync(entry.Record.Id);
            position.Should().NotBeNull();
            position!.Sequence.Should().Be(entry.Sequence);
            position.Hash.Should().Equal(entry.Hash);
        }

        (await store.GetChainPositionAsync(ids[^1]))!.Should().BeEquivalentTo(await chain.GetHeadAsync());
        (await store.GetChainPositionAsync(Guid.NewGuid())).Should().BeNull();
    }
}
