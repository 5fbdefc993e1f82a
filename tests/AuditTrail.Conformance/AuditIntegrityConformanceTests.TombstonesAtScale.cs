using System.Security.Cryptography;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

/// <summary>Tombstoning more rows than one rewrite statement takes (the store empties them in chunks).</summary>
public abstract partial class AuditIntegrityConformanceTests
{
    [Fact]
    public async Task Tombstone_MoreRowsThanOneStatementEmpties_EmptiesEachAsAskedAndLeavesTheOthersAsTheyWere()
    {
        var pseudonym = AuditPseudonym.For(new byte[32], "u-erased");
        var events = Enumerable.Range(0, 1_400).Select(i => (i % 7) switch
        {
            0 => new AuditEvent { Action = "server.updated", ActionType = AuditActionType.Update, Actor = AuditActor.User("u-kept", "Kept"), Description = $"kept {i}" },
            1 => new AuditEvent { Action = "session.started", ActionType = AuditActionType.Authentication, Actor = AuditActor.User(pseudonym, null), Description = $"erased {i}" },
            2 => new AuditEvent { Action = "role.changed", ActionType = AuditActionType.Security, Actor = AuditActor.User("u-admin", "Admin"), TargetUser = new AuditTargetUser(pseudonym, null), Description = $"target {i}" },
            _ => new AuditEvent { Action = "session.started", ActionType = AuditActionType.Authentication, Actor = AuditActor.User($"u-{i}", $"User {i}"), SourceIp = "203.0.113.10", Description = $"session {i}", Metadata = new Dictionary<string, string> { ["n"] = $"{i}" } },
        }).ToList();
        foreach (var batch in events.Chunk(200))
        {
            await Task.WhenAll(batch.Select(e => Logger.LogAsync(e)));
        }

        var before = await ReadChainAsync();
        var asked = before.Where(e => e.Record.Action != "server.updated").ToList();
        string Reason(AuditChainEntry entry) => entry.Sequence % 2 == 0 ? "retention:Rules[0]" : "retention:Period";
        var requests = asked.Select(e => new AuditTombstoneRequest(e.Sequence, e.Record.Id, Reason(e))).Append(new AuditTombstoneRequest(asked[3].Sequence, asked[3].Record.Id, Reason(asked[3]))).ToList();

        var tombstoned = await ((IAuditTombstoneStore)Chain).TombstoneAsync(requests);

        tombstoned.Should().Be(asked.Count, "each row once, though one was asked for twice");
        var after = (await ReadChainAsync()).ToDictionary(e => e.Sequence);
        foreach (var original in before)
        {
            var now = after[original.Sequence];
            now.Hash.Should().Equal(original.Hash);
            if (original.Record.Action == "server.updated")
            {
                now.Tombstone.Should().BeNull();
                now.Record.Should().BeEquivalentTo(original.Record);
                continue;
            }

            now.Tombstone.Should().Be(Reason(original));
            now.ContentDigest.Should().Equal(SHA256.HashData(AuditChain.Canonicalize(original.Sequence, original.Record)));
            now.Record.Id.Should().Be(original.Record.Id);
            now.Record.Actor.Id.Should().Be(AuditPseudonym.IsPseudonym(original.Record.Actor.Id) ? original.Record.Actor.Id : string.Empty);
            if (original.Record.TargetUser is not null)
            {
                now.Record.TargetUser!.Id.Should().Be(pseudonym, "a pseudonym stays for the erasure's digest");
            }

            now.Record.Description.Should().BeNull();
            now.Record.SourceIp.Should().BeNull();
            now.Record.Metadata.Should().BeEmpty();
        }
    }
}
