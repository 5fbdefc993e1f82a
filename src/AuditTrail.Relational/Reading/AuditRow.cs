using System.Collections.Frozen;

namespace AuditTrail.Relational;

/// <summary>
/// One audit row as the shared SELECT reads it: its sequence number, its hash when selected, and the values of the
/// stored fields as the provider gives them, by <see cref="AuditRecordField.Position"/> (the record's shape comes from
/// <see cref="AuditRecordFields"/>, never from a list of its own). An <see cref="IAuditRowReader"/> fills rows through
/// <see cref="SlotOf"/> and <see cref="Set"/>, matching the statement's columns by name, so a SELECT may list them in
/// any order; the store turns them into records.
/// </summary>
public sealed class AuditRow
{
    /// <summary>The slot of the sequence number column (<see cref="AuditColumns.Seq"/>).</summary>
    public const int SeqSlot = -1;

    /// <summary>The slot of the hash column (<see cref="AuditColumns.Hash"/>).</summary>
    public const int HashSlot = -2;

    /// <summary>The slot of a column that is not part of the row.</summary>
    public const int NoSlot = -3;

    /// <summary>The slot of the tombstone column (<see cref="AuditColumns.Tombstone"/>).</summary>
    public const int TombstoneSlot = -4;

    /// <summary>The slot of the content digest column (<see cref="AuditColumns.ContentDigest"/>).</summary>
    public const int ContentDigestSlot = -5;

    // A stored field's column (actor_id) or name (ActorId), ignoring case as SQL names do.
    private static readonly FrozenDictionary<string, int> Slots = AuditRecordFields.Stored
        .SelectMany(field => new[] { (Key: field.Column, field.Position), (Key: field.Name, field.Position) })
        .DistinctBy(slot => slot.Key, StringComparer.OrdinalIgnoreCase)
        .Append((Key: AuditColumns.Seq, Position: SeqSlot))
        .Append((Key: AuditColumns.Hash, Position: HashSlot))
        .Append((Key: AuditColumns.Tombstone, Position: TombstoneSlot))
        .Append((Key: AuditColumns.ContentDigest, Position: ContentDigestSlot))
        .Append((Key: nameof(ContentDigest), Position: ContentDigestSlot))
        .ToFrozenDictionary(slot => slot.Key, slot => slot.Position, StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates an empty row, every stored field's value <see langword="null"/>.</summary>
    public AuditRow()
        : this(new object?[AuditRecordFields.Stored.Count])
    {
    }

    /// <summary>Creates a row over the stored fields' values.</summary>
    /// <param name="values">The values, by <see cref="AuditRecordField.Position"/>; one per stored field.</param>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold one value per stored field.</exception>
    public AuditRow(object?[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != AuditRecordFields.Stored.Count)
        {
            throw new ArgumentException($"An audit row holds {AuditRecordFields.Stored.Count} values, one per stored field; {values.Length} were given.", nameof(values));
        }

        Values = values;
    }

    /// <summary>The row's <see cref="AuditColumns.Seq"/>, its position in the hash chain.</summary>
    public long Seq { get; set; }

    /// <summary>The <see cref="AuditColumns.Hash"/>, the row's 32-byte chain link, when the statement selected it.</summary>
    public byte[]? Hash { get; set; }

    /// <summary>The <see cref="AuditColumns.Tombstone"/> reason, when the statement selected it and the row is a tombstone.</summary>
    public string? Tombstone { get; set; }

    /// <summary>The <see cref="AuditColumns.ContentDigest"/> of a tombstone, when the statement selected it.</summary>
    public byte[]? ContentDigest { get; set; }

    /// <summary>The stored fields' values as the provider read them, by <see cref="AuditRecordField.Position"/>.</summary>
    public IReadOnlyList<object?> Values { get; }

    /// <summary>The value of one stored field.</summary>
    /// <param name="field">The field.</param>
    public object? this[AuditRecordField field] => Values[field.Position];

    /// <summary>
    /// Where the value of a column goes, by its name (a stored field's column or name, <see cref="AuditColumns.Seq"/>,
    /// <see cref="AuditColumns.Hash"/>, <see cref="AuditColumns.Tombstone"/>, <see cref="AuditColumns.ContentDigest"/>, compared ignoring case): a field's position, <see cref="SeqSlot"/>,
    /// <see cref="HashSlot"/>, <see cref="TombstoneSlot"/>, <see cref="ContentDigestSlot"/> or <see cref="NoSlot"/>. Look it up once per statement column, not per row.
    /// </summary>
    /// <param name="column">The column's name as the statement returns it.</param>
    /// <returns>The slot.</returns>
    public static int SlotOf(string column) => Slots.TryGetValue(column, out var slot) ? slot : NoSlot;

    /// <summary>Sets the value of a slot from <see cref="SlotOf"/>; <see cref="DBNull"/> is <see langword="null"/>, and <see cref="NoSlot"/> is ignored.</summary>
    /// <param name="slot">The slot.</param>
    /// <param name="value">The value as the provider read it.</param>
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
            case TombstoneSlot:
                Tombstone = (string?)value;
                break;
            case ContentDigestSlot:
                ContentDigest = (byte[]?)value;
                break;
            case >= 0:
                ((object?[])Values)[slot] = value;
                break;
        }
    }
}
