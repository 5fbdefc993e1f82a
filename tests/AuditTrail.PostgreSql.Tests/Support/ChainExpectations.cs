namespace AuditTrail.PostgreSql.Tests.Support;

/// <summary>What a store's chain holds: its entries in order, that it verifies, and that it links given ids without gaps.</summary>
internal static class ChainExpectations
{
    public static async Task<List<AuditChainEntry>> ReadChainAsync(IAuditStore store)
    {
        var entries = new List<AuditChainEntry>();
        await foreach (var entry in ((IAuditChainStore)store).ReadChainAsync(0))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public static async Task ExpectValidAsync(IAuditStore store, int rows)
    {
        var report = await new AuditVerifier((IAuditChainStore)store, checkpoints: null, keys: null).VerifyAsync();
        report.IsValid.Should().BeTrue(report.Problem?.Message);
        report.RowsVerified.Should().Be(rows);
    }

    public static async Task ExpectChainAsync(IAuditStore store, IEnumerable<Guid> idsInWriteOrder)
    {
        var entries = await ReadChainAsync(store);
        entries.Select(entry => entry.Record.Id).Should().Equal(idsInWriteOrder);
        entries.Select(entry => entry.Sequence).Should().Equal(Enumerable.Range(0, entries.Count).Select(n => entries[0].Sequence + n), "the chain has no gaps");
        await ExpectValidAsync(store, entries.Count);
    }
}
