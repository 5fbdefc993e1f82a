using System.Runtime.CompilerServices;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Sqlite.Tests.Archives;

/// <summary>
/// The SQLite store with some rows seen as retention's tombstones (content emptied, reason set, stored hash kept), as a
/// store that implements <see cref="IAuditTombstoneStore"/> returns them.
/// </summary>
public sealed class TombstonedView(SqliteAuditStore inner, params long[] tombstoned) : DelegatingAuditStore(inner), IAuditChainStore
{
    public Task<AuditChainPosition?> GetHeadAsync(CancellationToken cancellationToken = default) => inner.GetHeadAsync(cancellationToken);

    public Task<AuditChainPosition?> GetAnchorAsync(CancellationToken cancellationToken = default) => inner.GetAnchorAsync(cancellationToken);

    public async IAsyncEnumerable<AuditChainEntry> ReadChainAsync(long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var entry in inner.ReadChainAsync(afterSequence, cancellationToken))
        {
            yield return tombstoned.Contains(entry.Sequence) ? entry with
            {
                Tombstone = "retention:Rules[0]",
                Record = new AuditRecord
                {
                    Id = entry.Record.Id,
                    OccurredAt = entry.Record.OccurredAt,
                    RecordedAt = entry.Record.RecordedAt,
                    Actor = new AuditActor(string.Empty, null, entry.Record.Actor.Type),
                    Action = entry.Record.Action,
                    ActionType = entry.Record.ActionType,
                    Outcome = entry.Record.Outcome,
                    TenantId = entry.Record.TenantId,
                },
            } : entry;
        }
    }
}
