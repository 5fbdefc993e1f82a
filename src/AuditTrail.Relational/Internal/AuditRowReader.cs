using System.Data.Common;

namespace AuditTrail.Relational.Internal;

/// <summary>Reads <see cref="AuditRow"/>s from any ADO.NET reader, matching its columns to the stored fields by name.</summary>
internal static class AuditRowReader
{
    public static async Task<List<AuditRow>> ReadAllAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var slots = new int[reader.FieldCount];
        for (var i = 0; i < slots.Length; i++)
        {
            slots[i] = AuditRow.SlotOf(reader.GetName(i));
        }

        var rows = new List<AuditRow>();
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

            rows.Add(row);
        }

        return rows;
    }
}
