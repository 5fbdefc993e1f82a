namespace AuditTrail;

/// <summary>
/// One stored field of an <see cref="AuditRecord"/>: where it lives in the record, the column a relational store
/// keeps it in, its kind, and its place in the hash chain's encoding and in the CSV export. The fields are listed
/// once, in <see cref="AuditRecordFields"/>; stores, exporters and the hash chain take their shape from there.
/// </summary>
public sealed class AuditRecordField
{
    internal AuditRecordField(string name, string path, string column, AuditRecordFieldKind kind)
    {
        Name = name;
        Path = path;
        Column = column;
        Kind = kind;
    }

    /// <summary>The field's name, for example <c>ActorId</c>.</summary>
    public string Name { get; }

    /// <summary>The property that holds it, from the record: for example <c>Actor.Id</c> or <c>Description</c>.</summary>
    public string Path { get; }

    /// <summary>The column a relational store keeps it in, for example <c>actor_id</c>.</summary>
    public string Column { get; }

    /// <summary>What it holds.</summary>
    public AuditRecordFieldKind Kind { get; }

    /// <summary>Whether it may be <see langword="null"/> (free text the record leaves unset, or a record without a resource).</summary>
    public bool IsNullable { get; internal init; }

    /// <summary>Whether <see cref="AuditFilter.Search"/> looks into it.</summary>
    public bool IsSearched { get; internal init; }

    /// <summary>
    /// Whether the hash chain covers it at a place of its own (see <see cref="HashPosition"/>): every stored field but one
    /// hashed in the place of another (<see cref="HashedInPlaceOf"/>).
    /// </summary>
    public bool IsHashed => HashPosition >= 0;

    /// <summary>Whether the exports write it (see <see cref="ExportPosition"/>).</summary>
    public bool IsExported => ExportPosition >= 0;

    /// <summary>Its place among the stored columns (<see cref="AuditRecordFields.Stored"/>), from 0.</summary>
    public int Position { get; internal set; }

    /// <summary>Its place in the canonical encoding the hash chain covers (<see cref="AuditRecordFields.Hashed"/>, <c>docs/integrity.md</c>), from 0; the fields of a later <see cref="HashVersion"/> come after those of an earlier one.</summary>
    public int HashPosition { get; internal init; } = -1;

    /// <summary>
    /// The first version of the canonical encoding that covers it: 1 for the fields of <c>canonical_v1</c>, 2 for the
    /// target user's, which only <c>canonical_v2</c> (the encoding of a record that has a target user) writes.
    /// </summary>
    public byte HashVersion { get; internal init; } = 1;

    /// <summary>Its place among the CSV export's columns (<see cref="AuditRecordFields.Exported"/>), from 0.</summary>
    public int ExportPosition { get; internal init; } = -1;

    /// <summary>The CSV export's header of its column, for example <c>User Id</c>.</summary>
    public string ExportHeader { get; internal init; } = string.Empty;

    /// <summary>
    /// The field whose place in the hash chain's encoding this field takes when its value is not <see langword="null"/>
    /// (<see cref="AuditRecordFields.SourceIpAsHashed"/> takes <see cref="AuditRecordFields.SourceIp"/>'s): the text a
    /// migration moved out of that field when it rewrote it. Such a field is neither hashed at a place of its own,
    /// nor exported, nor searched. <see langword="null"/> for every other field.
    /// </summary>
    public AuditRecordField? HashedInPlaceOf { get; internal init; }

    /// <summary>The field hashed in this one's place when its value is not <see langword="null"/> (the inverse of <see cref="HashedInPlaceOf"/>), or <see langword="null"/>.</summary>
    public AuditRecordField? HashedAs { get; internal set; }

    /// <summary>
    /// The text the hash chain covers for a <see cref="AuditRecordFieldKind.Text"/> or <see cref="AuditRecordFieldKind.Enum"/>
    /// field: the value of <see cref="HashedAs"/> when it is not <see langword="null"/>, else <see cref="GetText"/>.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <returns>The text, <see langword="null"/> when unset.</returns>
    public string? GetHashedText(AuditRecord record) => HashedAs?.GetText(record) ?? GetText(record);

    /// <summary>The value of an <see cref="AuditRecordFieldKind.Id"/> field.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The id.</returns>
    public Guid GetId(AuditRecord record) => (IdOf ?? throw WrongKind(AuditRecordFieldKind.Id))(record);

    /// <summary>The value of a <see cref="AuditRecordFieldKind.Time"/> field.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The time.</returns>
    public DateTimeOffset GetTime(AuditRecord record) => (TimeOf ?? throw WrongKind(AuditRecordFieldKind.Time))(record);

    /// <summary>The value of a <see cref="AuditRecordFieldKind.Text"/> field, or an <see cref="AuditRecordFieldKind.Enum"/> field's name (<see cref="AuditEnumNames"/>).</summary>
    /// <param name="record">The record.</param>
    /// <returns>The text, <see langword="null"/> when unset.</returns>
    public string? GetText(AuditRecord record) => (TextOf ?? throw WrongKind(AuditRecordFieldKind.Text))(record);

    /// <summary>The value of the <see cref="AuditRecordFieldKind.Changes"/> field.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The changes.</returns>
    public IReadOnlyList<AuditFieldChange> GetChanges(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Kind == AuditRecordFieldKind.Changes ? record.Changes : throw WrongKind(AuditRecordFieldKind.Changes);
    }

    /// <summary>The value of the <see cref="AuditRecordFieldKind.Metadata"/> field.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The metadata.</returns>
    public IReadOnlyDictionary<string, string> GetMetadata(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return Kind == AuditRecordFieldKind.Metadata ? record.Metadata : throw WrongKind(AuditRecordFieldKind.Metadata);
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    internal Func<AuditRecord, Guid>? IdOf { get; init; }

    internal Func<AuditRecord, DateTimeOffset>? TimeOf { get; init; }

    internal Func<AuditRecord, string?>? TextOf { get; init; }

    private InvalidOperationException WrongKind(AuditRecordFieldKind asked) =>
        new($"The audit record field {Name} is of the kind {Kind}; it has no {asked} value.");
}
