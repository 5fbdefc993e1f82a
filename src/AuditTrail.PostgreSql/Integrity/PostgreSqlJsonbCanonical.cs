using System.Text;
using System.Text.Json;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Writes the changes and metadata of a row into <see cref="AuditCanonicalEncoder"/> straight from their <c>jsonb</c>
/// text, walked with <see cref="Utf8JsonReader"/>. <c>jsonb</c> keeps no key order of its own (it sorts keys by
/// length, then bytes: a change reads back as <c>{"new", "old", "field"}</c>), so each change is taken by key name
/// and written as field, old, new, and metadata entries are gathered and written in ordinal UTF-16 key order, as
/// reading the record would. Anything else than string or null values under exactly those keys answers
/// <see langword="false"/> ("not confirmed").
/// </summary>
/// <remarks>Not thread-safe: one instance per range check.</remarks>
internal sealed class PostgreSqlJsonbCanonical(AuditCanonicalEncoder encoder)
{
    private static readonly byte[] FieldName = Encoding.UTF8.GetBytes(AuditStoredJson.ChangeFieldName);
    private static readonly byte[] OldValueName = Encoding.UTF8.GetBytes(AuditStoredJson.ChangeOldValueName);
    private static readonly byte[] NewValueName = Encoding.UTF8.GetBytes(AuditStoredJson.ChangeNewValueName);

    // Unescaped keys and values of the current object, and where each entry's parts lie in it (-1: a null value).
    private byte[] _text = new byte[1024];
    private int _textLength;
    private Entry[] _entries = new Entry[16];

    /// <summary>The changes array: objects of "field" (a string), "old" and "new" (strings or null), in any key order.</summary>
    public bool Changes(ReadOnlySpan<byte> json)
    {
        var count = encoder.ReserveCount();
        if (json.SequenceEqual("[]"u8))
        {
            encoder.SetCount(count, 0);
            return true;
        }

        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var changes = 0;
        Span<Entry> parts = stackalloc Entry[3];
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            _textLength = 0;
            parts.Fill(new Entry(-2, 0, 0, 0));
            var properties = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var part = reader.ValueTextEquals(FieldName) ? 0 : reader.ValueTextEquals(OldValueName) ? 1 : reader.ValueTextEquals(NewValueName) ? 2 : -1;
                if (part < 0 || parts[part].KeyStart != -2 || !Value(ref reader, out var start, out var length))
                {
                    return false;
                }

                parts[part] = new Entry(0, 0, start, length);
                properties++;
            }

            if (reader.TokenType != JsonTokenType.EndObject || properties != 3 || parts[0].ValueStart < 0)
            {
                return false;
            }

            for (var i = 0; i < 3; i++)
            {
                WriteValue(parts[i]);
            }

            changes++;
        }

        if (reader.TokenType != JsonTokenType.EndArray || reader.Read())
        {
            return false;
        }

        encoder.SetCount(count, changes);
        return true;
    }

    /// <summary>The metadata object: string (or null) values, written in ordinal UTF-16 key order.</summary>
    public bool Metadata(ReadOnlySpan<byte> json)
    {
        var count = encoder.ReserveCount();
        if (json.SequenceEqual("{}"u8))
        {
            encoder.SetCount(count, 0);
            return true;
        }

        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        _textLength = 0;
        var entries = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var (keyStart, keyLength) = Keep(ref reader);
            if (!Value(ref reader, out var valueStart, out var valueLength))
            {
                return false;
            }

            if (entries == _entries.Length)
            {
                Array.Resize(ref _entries, entries * 2);
            }

            _entries[entries++] = new Entry(keyStart, keyLength, valueStart, valueLength);
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            return false;
        }

        // Insertion sort: metadata holds a few entries.
        for (var i = 1; i < entries; i++)
        {
            var entry = _entries[i];
            var j = i - 1;
            for (; j >= 0; j--)
            {
                var order = Compare(Key(_entries[j]), Key(entry));
                if (order == 0)
                {
                    return false;
                }

                if (order < 0)
                {
                    break;
                }

                _entries[j + 1] = _entries[j];
            }

            _entries[j + 1] = entry;
        }

        for (var i = 0; i < entries; i++)
        {
            encoder.WriteText(Key(_entries[i]));
            WriteValue(_entries[i]);
        }

        encoder.SetCount(count, entries);
        return true;
    }

    /// <summary>
    /// Ordinal UTF-16 order of two UTF-8 keys. UTF-8 byte order is the same except between U+E000-U+FFFF (lead
    /// bytes 0xEE, 0xEF) and characters beyond U+FFFF, so keys holding such bytes are compared again as UTF-16.
    /// </summary>
    private static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.IndexOfAnyInRange((byte)0xEE, (byte)0xFF) < 0 && b.IndexOfAnyInRange((byte)0xEE, (byte)0xFF) < 0
            ? a.SequenceCompareTo(b)
            : string.CompareOrdinal(Encoding.UTF8.GetString(a), Encoding.UTF8.GetString(b));

    private ReadOnlySpan<byte> Key(Entry entry) => _text.AsSpan(entry.KeyStart, entry.KeyLength);

    private void WriteValue(Entry entry)
    {
        if (entry.ValueStart < 0)
        {
            encoder.WriteNull();
        }
        else
        {
            encoder.WriteText(_text.AsSpan(entry.ValueStart, entry.ValueLength));
        }
    }

    /// <summary>Reads a string or null value and keeps it; <paramref name="start"/> is -1 for null.</summary>
    private bool Value(ref Utf8JsonReader reader, out int start, out int length)
    {
        start = -1;
        length = 0;
        if (!reader.Read())
        {
            return false;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                (start, length) = Keep(ref reader);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Copies the current string or property name, unescaped, to the end of the kept text.</summary>
    private (int Start, int Length) Keep(ref Utf8JsonReader reader)
    {
        var room = reader.ValueSpan.Length;
        if (_text.Length - _textLength < room)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + room));
        }

        var destination = _text.AsSpan(_textLength);
        int length;
        if (reader.ValueIsEscaped)
        {
            length = reader.CopyString(destination);
        }
        else
        {
            reader.ValueSpan.CopyTo(destination);
            length = room;
        }

        var start = _textLength;
        _textLength += length;
        return (start, length);
    }

    private readonly record struct Entry(int KeyStart, int KeyLength, int ValueStart, int ValueLength);
}
