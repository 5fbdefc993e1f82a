using System.Collections.Frozen;

namespace AuditTrail.Relational.Internal;

/// <summary>
/// One audit row as read: its sequence number, its hash when selected, and the values of the stored fields as the
/// provider gives them, by <see cref="AuditRecordField.Position"/>. Columns are matched to fields by name
/// (<see cref="SlotOf"/>), so a SELECT may list them in any order.
/// </summary>
internal sealed class AuditRow
{
    /// <summary>The slot of the sequence number column.</summary>
    public const int SeqSlot = -1;

    /// <summary>The slot of the hash column.</summary>
    public const int HashSlot = -2;

    /// <summary>The slot of a column that is not part of the row.</summary>
    public const int NoSlot = -3;

    public AuditRow()
        : this(new object?[AuditRecordFields.Stored.Count])
    {
    }

    /// <param name="values">The stored fields' values, by position (as <see cref="AuditRecordMapper.ToColumnValues"/> gives them).</param>
    public AuditRow(object?[] values) => Values = values;

    public long Seq { get; set; }

    public byte[]? Hash { get; set; }

    public object?[] Values { get; }

    public object? this[AuditRecordField field] => Values[field.Position];

    // A stored field's column (actor_id) or name (ActorId), ignoring case as SQL names do.
    private static readonly FrozenDictionary<string, int> Slots = AuditRecordFields.Stored
        .SelectMany(field => new[] { (Key: field.Column, field.Position), (Key: field.Name, field.Position) })
        .DistinctBy(slot => slot.Key, StringComparer.OrdinalIgnoreCase)
        .Append((Key: AuditColumns.Seq, Position: SeqSlot))
        .Append((Key: AuditColumns.Hash, Position: HashSlot))
        .ToFrozenDictionary(slot => slot.Key, slot => slot.Position, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Where the value of a column goes, by its name (a stored field's column or name, <see cref="AuditColumns.Seq"/>,
    /// <see cref="AuditColumns.Hash"/>): a field's position, <see cref="SeqSlot"/>, <see cref="HashSlot"/> or <see cref="NoSlot"/>.
    /// </summary>
    public static int SlotOf(string column) => Slots.TryGetValue(column, out var slot) ? slot : NoSlot;

    /// <summary>Sets the value of a slot from <see cref="SlotOf"/>; <see cref="DBNull"/> is null.</summary>
    public void Set(int slot, object? value)
    {
        value = value is DBNull ? null : value;
        switch (slot)
        {
            case SeqSlot:
                Seq = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                break;
            case HashSlot:
                Hash = (byte[]?)value;
                break;
            case >= 0:
                Values[slot] = value;
                break;
        }
    }
}

/// <summary>A sequence number with the hash stored there (and, for purges, the row's time).</summary>
internal sealed class ChainLinkRow
{
    public long Sequence { get; set; }

    public byte[]? Hash { get; set; }

    public object? OccurredAt { get; set; }
}

/// <summary>One row of the actor facet query.</summary>
internal sealed class ActorFacetRow
{
    public string ActorId { get; set; } = string.Empty;

    public string? ActorName { get; set; }

    public string ActorType { get; set; } = string.Empty;
}
