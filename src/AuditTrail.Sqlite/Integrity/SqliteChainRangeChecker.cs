using System.Text;
using System.Text.Json;
using AuditTrail.Relational;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditTrail.Sqlite;

/// <summary>
/// Recomputes the hash links of a range straight from SQLite's column bytes (read with <see cref="SqliteNativeValues"/>):
/// text columns are UTF-8 already, so each field is copied into the canonical encoding without becoming a .NET
/// string, and the JSON of changes and metadata is walked with <see cref="Utf8JsonReader"/> rather than materialized. Anything that is not exactly the
/// form the store writes (a column of another type, JSON keys in another order, unsorted metadata, a time out of
/// range) answers "not confirmed", so the verifier's record-by-record pass, which names problems, decides.
/// </summary>
/// <remarks>
/// Confirming can only be right: a row is confirmed when SHA-256 over the bytes built here equals its stored hash,
/// so those bytes are the canonical bytes the writer hashed, and reading the row as a record yields them again.
/// The range is read in chunks of <see cref="ChunkRows"/> rows, each one statement run, so no read transaction
/// stays open across the whole range (an open reader would keep WAL checkpoints from completing).
/// </remarks>
internal sealed class SqliteChainRangeChecker
{
    /// <summary>Rows per statement run.</summary>
    public const int ChunkRows = 10_000;

    // Column positions in the SELECT below: the sequence number, the hash, the tombstone, then the hashed fields in
    // canonical order. A tombstone mark is not hashed, so a marked row whose content still matches its hash is left
    // to the record pass, which reports it (docs/integrity.md), as the PostgreSQL checker does.
    private const int SeqColumn = 0;
    private const int HashColumn = 1;
    private const int TombstoneColumn = 2;
    private const int FirstFieldColumn = 3;

    private static readonly AuditRecordField[] HashedFields = [.. AuditRecordFields.Hashed];

    // After the hashed fields: the fields hashed in the place of one of them when not null (source_ip_as_hashed).
    private static readonly AuditRecordField[] SubstituteFields = [.. HashedFields.Where(field => field.HashedAs is not null).Select(field => field.HashedAs!)];
    // The target user's id decides the link's encoding version, as a record read from the row would.
    private static readonly int TargetUserIdColumn = FirstFieldColumn + Array.IndexOf(HashedFields, AuditRecordFields.TargetUserId);

    private static readonly long MinMicroseconds = (DateTime.MinValue.Ticks - DateTime.UnixEpoch.Ticks) / 10;
    private static readonly long MaxMicroseconds = (DateTime.MaxValue.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static readonly byte[] FieldName = Encoding.UTF8.GetBytes(AuditColumns.ChangeField);
    private static readonly byte[] OldValueName = Encoding.UTF8.GetBytes(AuditColumns.ChangeOldValue);
    private static readonly byte[] NewValueName = Encoding.UTF8.GetBytes(AuditColumns.ChangeNewValue);

    private readonly string _rangeSql;
    private readonly string _hashAtSql;

    public SqliteChainRangeChecker(string quotedTable)
    {
        string[] columns = [AuditColumns.Seq, AuditColumns.Hash, AuditColumns.Tombstone, .. HashedFields.Select(field => field.Column), .. SubstituteFields.Select(field => field.Column)];
        _rangeSql = $"SELECT {string.Join(", ", columns)} FROM {quotedTable} WHERE {AuditColumns.Seq} > ?1 AND {AuditColumns.Seq} <= ?2 ORDER BY {AuditColumns.Seq}";
        _hashAtSql = $"SELECT {AuditColumns.Hash} FROM {quotedTable} WHERE {AuditColumns.Seq} = ?1";
    }

    /// <summary>Checks a range on <paramref name="db"/>, a connection no other thread uses meanwhile.</summary>
    /// <remarks>Needs <see cref="SqliteNativeValues.IsAvailable"/>; the caller checks it before opening a connection.</remarks>
    public AuditChainRangeResult Check(sqlite3 db, AuditChainRange range, CancellationToken cancellationToken)
    {
        var previous = new byte[AuditChain.HashLength];
        if (range.PreviousHash is { } given)
        {
            given.CopyTo(previous, 0);
        }
        else if (!TryReadHash(db, range.AfterSequence, previous))
        {
            return AuditChainRangeResult.NotConfirmed;
        }

        using var encoder = new AuditCanonicalEncoder();
        var row = new RowReader(encoder, range.ExpectedHashes, previous);
        var stmt = Prepare(db, _rangeSql);
        var statement = stmt.DangerousGetHandle();
        try
        {
            var expected = range.AfterSequence + 1;
            for (var chunkAfter = range.AfterSequence; chunkAfter < range.ThroughSequence; chunkAfter += ChunkRows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                SqliteException.ThrowExceptionForRC(raw.sqlite3_reset(stmt), db);
                SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(stmt, 1, chunkAfter), db);
                SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(stmt, 2, Math.Min(range.ThroughSequence, chunkAfter + ChunkRows)), db);
                int rc;
                while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
                {
                    if (!row.TryConfirm(statement, expected))
                    {
                        return AuditChainRangeResult.NotConfirmed;
                    }

                    expected++;
                }

                SqliteException.ThrowExceptionForRC(rc, db);
            }

            return expected - 1 == range.ThroughSequence ? new AuditChainRangeResult(true, previous) : AuditChainRangeResult.NotConfirmed;
        }
        finally
        {
            raw.sqlite3_finalize(stmt);
        }
    }

    private bool TryReadHash(sqlite3 db, long sequence, byte[] destination)
    {
        var stmt = Prepare(db, _hashAtSql);
        try
        {
            SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_int64(stmt, 1, sequence), db);
            var rc = raw.sqlite3_step(stmt);
            if (rc != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(rc, db);
                return false;
            }

            var hash = raw.sqlite3_column_blob(stmt, 0);
            if (raw.sqlite3_column_type(stmt, 0) != raw.SQLITE_BLOB || hash.Length != AuditChain.HashLength)
            {
                return false;
            }

            hash.CopyTo(destination);
            return true;
        }
        finally
        {
            raw.sqlite3_finalize(stmt);
        }
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(db, sql, out var stmt), db);
        return stmt;
    }

    /// <summary>Builds one row's canonical bytes from its columns and compares the hash; keeps the last confirmed hash.</summary>
    private sealed class RowReader(AuditCanonicalEncoder encoder, IReadOnlyDictionary<long, byte[]> expectedHashes, byte[] previous)
    {
        private readonly byte[] _computed = new byte[AuditChain.HashLength];
        private byte[] _scratch = new byte[1024];
        private byte[] _lastKey = new byte[256];

        public bool TryConfirm(IntPtr stmt, long sequence)
        {
            var seq = SqliteNativeValues.Column(stmt, SeqColumn);
            var hash = SqliteNativeValues.Column(stmt, HashColumn);
            if (SqliteNativeValues.Type(seq) != raw.SQLITE_INTEGER || SqliteNativeValues.Int64(seq) != sequence || SqliteNativeValues.Type(hash) != raw.SQLITE_BLOB
                || SqliteNativeValues.Type(SqliteNativeValues.Column(stmt, TombstoneColumn)) != raw.SQLITE_NULL)
            {
                return false;
            }

            try
            {
                if (!TryVersion(stmt, out var version))
                {
                    return false;
                }

                encoder.Start(previous, sequence, version);
                var withoutResource = false;
                for (var i = 0; i < HashedFields.Length; i++)
                {
                    if (HashedFields[i].HashVersion > version)
                    {
                        continue;
                    }

                    if (!Field(stmt, HashedFields[i], FirstFieldColumn + i, ref withoutResource))
                    {
                        return false;
                    }
                }
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
            {
                // Malformed JSON, an escape that is not valid UTF-16, a time the runtime cannot format.
                return false;
            }

            encoder.ComputeHash(_computed);
            var stored = SqliteNativeValues.Bytes(hash);
            if (!stored.SequenceEqual(_computed) || (expectedHashes.TryGetValue(sequence, out var signed) && !stored.SequenceEqual(signed)))
            {
                return false;
            }

            stored.CopyTo(previous);
            return true;
        }

        /// <summary>A row with a target user id is a record with a target user: <c>canonical_v2</c>; without one, <c>canonical_v1</c>.</summary>
        private static bool TryVersion(IntPtr stmt, out byte version)
        {
            version = SqliteNativeValues.Type(SqliteNativeValues.Column(stmt, TargetUserIdColumn)) switch
            {
                raw.SQLITE_NULL => AuditChain.EncodingVersion,
                raw.SQLITE_TEXT => AuditChain.TargetUserEncodingVersion,
                _ => 0,
            };
            return version != 0;
        }

        /// <summary>Writes one field from its column, as reading the row as a record and encoding that would.</summary>
        private bool Field(IntPtr stmt, AuditRecordField field, int column, ref bool withoutResource)
        {
            switch (field.Kind)
            {
                case AuditRecordFieldKind.Time:
                    return Time(stmt, column);
                case AuditRecordFieldKind.Changes:
                    return Changes(Json(stmt, column));
                case AuditRecordFieldKind.Metadata:
                    return Metadata(Json(stmt, column));
            }

            // A record without a resource type reads back without a resource: its id and name are null too.
            if (field == AuditRecordFields.ResourceType)
            {
                withoutResource = SqliteNativeValues.Type(SqliteNativeValues.Column(stmt, column)) == raw.SQLITE_NULL;
            }
            else if (withoutResource && (field == AuditRecordFields.ResourceId || field == AuditRecordFields.ResourceName))
            {
                encoder.WriteNull();
                return true;
            }

            return field.HashedAs is { } substitute
                ? TextOrSubstitute(stmt, column, FirstFieldColumn + HashedFields.Length + Array.IndexOf(SubstituteFields, substitute))
                : Text(stmt, column);
        }

        /// <summary>
        /// A field that another is hashed in place of when not null: that one's bytes then, provided the stored field
        /// is their canonical form (as the verifier's record pass demands); otherwise the field's own.
        /// </summary>
        private bool TextOrSubstitute(IntPtr stmt, int column, int substituteColumn)
        {
            var original = SqliteNativeValues.Column(stmt, substituteColumn);
            switch (SqliteNativeValues.Type(original))
            {
                case raw.SQLITE_NULL:
                    return Text(stmt, column);
                case raw.SQLITE_TEXT:
                    var stored = SqliteNativeValues.Column(stmt, column);
                    var storedText = SqliteNativeValues.Type(stored) == raw.SQLITE_TEXT ? Encoding.UTF8.GetString(SqliteNativeValues.Bytes(stored)) : null;
                    if (!AuditIpAddress.IsCanonicalFormOf(storedText, Encoding.UTF8.GetString(SqliteNativeValues.Bytes(original))))
                    {
                        return false;
                    }

                    encoder.WriteText(SqliteNativeValues.Bytes(original));
                    return true;
                default:
                    return false;
            }
        }

        private static ReadOnlySpan<byte> Json(IntPtr stmt, int column)
        {
            var value = SqliteNativeValues.Column(stmt, column);
            return SqliteNativeValues.Type(value) == raw.SQLITE_TEXT ? SqliteNativeValues.Bytes(value) : default;
        }

        private bool Text(IntPtr stmt, int column)
        {
            var value = SqliteNativeValues.Column(stmt, column);
            switch (SqliteNativeValues.Type(value))
            {
                case raw.SQLITE_TEXT:
                    encoder.WriteText(SqliteNativeValues.Bytes(value));
                    return true;
                case raw.SQLITE_NULL:
                    encoder.WriteNull();
                    return true;
                default:
                    return false;
            }
        }

        private bool Time(IntPtr stmt, int column)
        {
            var value = SqliteNativeValues.Column(stmt, column);
            if (SqliteNativeValues.Type(value) != raw.SQLITE_INTEGER)
            {
                return false;
            }

            var microseconds = SqliteNativeValues.Int64(value);
            if (microseconds < MinMicroseconds || microseconds > MaxMicroseconds)
            {
                return false;
            }

            encoder.WriteTime(new DateTimeOffset(DateTime.UnixEpoch.Ticks + (microseconds * 10), TimeSpan.Zero));
            return true;
        }

        /// <summary>The array the store writes: objects with "field", "old" and "new", in that order.</summary>
        private bool Changes(ReadOnlySpan<byte> json)
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
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                if (!Property(ref reader, FieldName) || !Property(ref reader, OldValueName) || !Property(ref reader, NewValueName) ||
                    !reader.Read() || reader.TokenType != JsonTokenType.EndObject)
                {
                    return false;
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

        /// <summary>The object the store writes: string (or null) values under keys in strictly increasing ordinal order.</summary>
        private bool Metadata(ReadOnlySpan<byte> json)
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

            var entries = 0;
            var lastKeyLength = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = Unescaped(ref reader, ref _scratch);

                if (lastKeyLength >= 0 && !Follows(_lastKey.AsSpan(0, lastKeyLength), key))
                {
                    return false;
                }

                if (_lastKey.Length < key.Length)
                {
                    _lastKey = new byte[key.Length * 2];
                }

                key.CopyTo(_lastKey);
                lastKeyLength = key.Length;
                encoder.WriteText(key);
                if (!Value(ref reader))
                {
                    return false;
                }

                entries++;
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }

            encoder.SetCount(count, entries);
            return true;
        }

        /// <summary>
        /// Whether <paramref name="key"/> comes strictly after <paramref name="last"/> in ordinal UTF-16 order, the
        /// order the store writes. UTF-8 byte order is the same except between U+E000-U+FFFF and characters beyond
        /// U+FFFF, so only keys that seem out of order are compared again as UTF-16.
        /// </summary>
        private static bool Follows(ReadOnlySpan<byte> last, ReadOnlySpan<byte> key) =>
            key.SequenceCompareTo(last) > 0 || string.CompareOrdinal(Encoding.UTF8.GetString(last), Encoding.UTF8.GetString(key)) < 0;

        private bool Property(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
            reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name) && Value(ref reader);

        /// <summary>Reads a string or null value and writes it.</summary>
        private bool Value(ref Utf8JsonReader reader)
        {
            if (!reader.Read())
            {
                return false;
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    encoder.WriteNull();
                    return true;
                case JsonTokenType.String:
                    encoder.WriteText(Unescaped(ref reader, ref _scratch));
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The current string or property name as UTF-8: the JSON bytes themselves unless they hold escapes.</summary>
        private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader, ref byte[] scratch)
        {
            if (!reader.ValueIsEscaped)
            {
                return reader.ValueSpan;
            }

            if (scratch.Length < reader.ValueSpan.Length)
            {
                scratch = new byte[reader.ValueSpan.Length * 2];
            }

            var length = reader.CopyString(scratch);
            return scratch.AsSpan(0, length);
        }
    }
}
