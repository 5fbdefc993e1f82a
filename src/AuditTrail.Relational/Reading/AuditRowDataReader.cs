using System.Data.Common;

namespace AuditTrail.Relational;

/// <summary>
/// Reads <see cref="AuditRow"/>s from any ADO.NET reader, matching its columns to the stored fields by name
/// (<see cref="AuditRow.SlotOf"/>): the plain path of every relational store, and a start for a store's own
/// <see cref="IAuditRowReader"/>.
/// </summary>
public static class AuditRowDataReader
{
    /// <summary>Reads every row of <paramref name="reader"/>.</summary>
    /// <param name="reader">A reader over a SELECT of the shared columns.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, in the reader's order.</returns>
    public static async Task<List<AuditRow>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var rows = new List<AuditRow>();
        await foreach (var row in ReadEachAsync(reader, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Reads the rows of <paramref name="reader"/> one at a time, for a caller that needs only one in memory.</summary>
    internal static async IAsyncEnumerable<AuditRow> ReadEachAsync(DbDataReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var slots = new int[reader.FieldCount];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = AuditRow.SlotOf(reader.GetName(i));
        }

        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new AuditRow();
            for (var i = 0; i < slots.Length; i++)
            {
                if (slots[i] != AuditRow.NoSlot)
                {
                    row.Set(slots[i], reader.GetValue(i));
                }
            }

            yield return row;
        }
    }
}
