using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AuditTrail.Relational;
using Npgsql;

namespace AuditTrail.PostgreSql;

/// <summary>
/// Recomputes the hash links of a range straight from PostgreSQL's binary column values: each value is copied with
/// <see cref="NpgsqlDataReader.GetBytes"/> into a buffer reused for every row (text is UTF-8 already, a uuid is 16
/// bytes, a timestamptz is microseconds since 2000), so no row becomes a record or a .NET string; the <c>jsonb</c>
/// changes and metadata go through <see cref="PostgreSqlJsonbCanonical"/>. Anything that is not the form the
/// store writes (invalid UTF-8, a time out of range, a tombstoned row, unexpected JSON) answers "not confirmed",
/// so the verifier's record-by-record pass, which names problems, decides.
/// </summary>
/// <remarks>
/// Confirming can only be right: a row is confirmed when SHA-256 over the bytes built here equals its stored hash,
/// so those bytes are the canonical bytes the writer hashed, and reading the row as a record yields them again.
/// </remarks>
internal sealed class PostgreSqlChainRangeChecker
{
    // Column positions in the SELECT below: the sequence number, the hash, the tombstone, then the hashed fields in
    // canonical order, then the fields hashed in the place of one of them when not null (source_ip_as_hashed).
    private const int SeqColumn = 0;
    private const int HashColumn = 1;
    private const int TombstoneColumn = 2;
    private const int FirstFieldColumn = 3;

    private static readonly AuditRecordField[] HashedFields = [.. AuditRecordFields.Hashed];
    private static readonly AuditRecordField[] SubstituteFields = [.. HashedFields.Where(field => field.HashedAs is not null).Select(field => field.HashedAs!)];
    private static readonly int TargetUserIdColumn = FirstFieldColumn + Array.IndexOf(HashedFields, AuditRecordFields.TargetUserId);

    // timestamptz counts microseconds from 2000-01-01 UTC; infinity is long.MaxValue / long.MinValue.
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long MinMicroseconds = (DateTime.MinValue.Ticks - PostgresEpochTicks) / 10;
    private static readonly long MaxMicroseconds = (DateTime.MaxValue.Ticks - PostgresEpochTicks) / 10;

    private readonly string _rangeSql;
    private readonly string _hashAtSql;

    /// <param name="dialect">Quotes the names.</param>
    /// <param name="tableName">The audit table the record path reads (the partitioned parent in that layout).</param>
    public PostgreSqlChainRangeChecker(PostgreSqlAuditSqlDialect dialect, string tableName)
    {
        var table = dialect.QualifyTableName(tableName);
        string[] columns = [AuditColumns.Seq, AuditColumns.Hash, AuditColumns.Tombstone, .. HashedFields.Select(field => field.Column), .. SubstituteFields.Select(field => field.Column)];
        var seq = dialect.QuoteIdentifier(AuditColumns.Seq);
        _rangeSql = $"SELECT {string.Join(", ", columns.Select(dialect.QuoteIdentifier))} FROM {table} WHERE {seq} > $1 AND {seq} <= $2 ORDER BY {seq}";
        _hashAtSql = $"SELECT {dialect.QuoteIdentifier(AuditColumns.Hash)} FROM {table} WHERE {seq} = $1";
    }

    /// <summary>Checks a range on <paramref name="connection"/>, an open connection no one else uses meanwhile.</summary>
    public async Task<AuditChainRangeResult> CheckAsync(NpgsqlConnection connection, AuditChainRange range, CancellationToken cancellationToken)
    {
        var previous = new byte[AuditChain.HashLength];
        if (range.PreviousHash is { } given)
        {
            given.CopyTo(previous, 0);
        }
        else if (!await TryReadHashAsync(connection, range.AfterSequence, previous, cancellationToken).ConfigureAwait(false))
        {
            return AuditChainRangeResult.NotConfirmed;
        }

        using var encoder = new AuditCanonicalEncoder();
        var row = new RowReader(encoder, range.ExpectedHashes, previous);
        using var command = new NpgsqlCommand(_rangeSql, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.AfterSequence });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = range.ThroughSequence });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var expected = range.AfterSequence + 1;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!row.TryConfirm(reader, expected))
                {
                    return AuditChainRangeResult.NotConfirmed;
                }

                expected++;
            }

            return expected - 1 == range.ThroughSequence ? new AuditChainRangeResult(true, previous) : AuditChainRangeResult.NotConfirmed;
        }
    }

    private async Task<bool> TryReadHashAsync(NpgsqlConnection connection, long sequence, byte[] destination, CancellationToken cancellationToken)
    {
        using var command = new NpgsqlCommand(_hashAtSql, connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = sequence });
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(0) || reader.GetBytes(0, 0, null, 0, 0) != AuditChain.HashLength)
            {
                return false;
            }

            reader.GetBytes(0, 0, destination, 0, AuditChain.HashLength);
            return true;
        }
    }

    /// <summary>Builds one row's canonical bytes from its columns and compares the hash; keeps the last confirmed hash.</summary>
    private sealed class RowReader(AuditCanonicalEncoder encoder, IReadOnlyDictionary<long, byte[]> expectedHashes, byte[] previous)
    {
        private readonly byte[] _computed = new byte[AuditChain.HashLength];
        private readonly byte[] _stored = new byte[AuditChain.HashLength];
        private readonly byte[] _id = new byte[36];
        private readonly PostgreSqlJsonbCanonical _json = new(encoder);
        private byte[] _value = new byte[1024];

        public bool TryConfirm(NpgsqlDataReader reader, long sequence)
        {
            if (reader.IsDBNull(SeqColumn) || reader.GetInt64(SeqColumn) != sequence || !reader.IsDBNull(TombstoneColumn) ||
                reader.IsDBNull(HashColumn) || Read(reader, HashColumn).Length != AuditChain.HashLength)
            {
                return false;
            }

            _value.AsSpan(0, AuditChain.HashLength).CopyTo(_stored);
            try
            {
                var version = reader.IsDBNull(TargetUserIdColumn) ? AuditChain.EncodingVersion : AuditChain.TargetUserEncodingVersion;
                encoder.Start(previous, sequence, version);
                var withoutResource = false;
                for (var i = 0; i < HashedFields.Length; i++)
                {
                    if (HashedFields[i].HashVersion <= version && !Field(reader, HashedFields[i], FirstFieldColumn + i, ref withoutResource))
                    {
                        return false;
                    }
                }
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException or InvalidCastException)
            {
                // Malformed JSON, an escape that is not valid UTF-16, a column of another type.
                return false;
            }

            encoder.ComputeHash(_computed);
            if (!_stored.AsSpan().SequenceEqual(_computed) || (expectedHashes.TryGetValue(sequence, out var signed) && !_stored.AsSpan().SequenceEqual(signed)))
            {
                return false;
            }

            _stored.CopyTo(previous, 0);
            return true;
        }

        /// <summary>Writes one field from its column, as reading the row as a record and encoding that would.</summary>
        private bool Field(NpgsqlDataReader reader, AuditRecordField field, int column, ref bool withoutResource)
        {
            switch (field.Kind)
            {
                case AuditRecordFieldKind.Id:
                    return Id(reader, column);
                case AuditRecordFieldKind.Time:
                    return Time(reader, column);
                case AuditRecordFieldKind.Changes:
                    return Jsonb(reader, column, out var changes) && _json.Changes(changes);
                case AuditRecordFieldKind.Metadata:
                    return Jsonb(reader, column, out var metadata) && _json.Metadata(metadata);
            }

            // A record without a resource type reads back without a resource: its id and name are null too.
            if (field == AuditRecordFields.ResourceType)
            {
                withoutResource = reader.IsDBNull(column);
            }
            else if (withoutResource && (field == AuditRecordFields.ResourceId || field == AuditRecordFields.ResourceName))
            {
                encoder.WriteNull();
                return true;
            }

            return field.HashedAs is { } substitute
                ? TextOrSubstitute(reader, column, FirstFieldColumn + HashedFields.Length + Array.IndexOf(SubstituteFields, substitute))
                : Text(reader, column);
        }

        /// <summary>
        /// A field that another is hashed in place of when not null: that one's bytes then, provided the stored field
        /// is their canonical form (as the verifier's record pass demands); otherwise the field's own.
        /// </summary>
        private bool TextOrSubstitute(NpgsqlDataReader reader, int column, int substituteColumn)
        {
            if (reader.IsDBNull(substituteColumn))
            {
                return Text(reader, column);
            }

            var stored = reader.IsDBNull(column) ? null : reader.GetString(column);
            var original = reader.GetString(substituteColumn);
            if (!AuditIpAddress.IsCanonicalFormOf(stored, original))
            {
                return false;
            }

            encoder.WriteText(Encoding.UTF8.GetBytes(original));
            return true;
        }

        private bool Text(NpgsqlDataReader reader, int column)
        {
            if (reader.IsDBNull(column))
            {
                encoder.WriteNull();
                return true;
            }

            var text = Read(reader, column);
            if (!Utf8.IsValid(text))
            {
                return false;
            }

            encoder.WriteText(text);
            return true;
        }

        /// <summary>A uuid (16 bytes, big-endian) as its "D" text, the form a record's id is hashed in.</summary>
        private bool Id(NpgsqlDataReader reader, int column)
        {
            if (reader.IsDBNull(column))
            {
                return false;
            }

            var bytes = Read(reader, column);
            if (bytes.Length != 16 || !new Guid(bytes, bigEndian: true).TryFormat(_id, out var written, "D") || written != 36)
            {
                return false;
            }

            encoder.WriteText(_id);
            return true;
        }

        private bool Time(NpgsqlDataReader reader, int column)
        {
            if (reader.IsDBNull(column))
            {
                return false;
            }

            var bytes = Read(reader, column);
            if (bytes.Length != 8)
            {
                return false;
            }

            var microseconds = BinaryPrimitives.ReadInt64BigEndian(bytes);
            if (microseconds < MinMicroseconds || microseconds > MaxMicroseconds)
            {
                return false;
            }

            encoder.WriteTime(new DateTimeOffset(PostgresEpochTicks + (microseconds * 10), TimeSpan.Zero));
            return true;
        }

        /// <summary>A jsonb value's text: its binary form is a version byte (1) and the text.</summary>
        private bool Jsonb(NpgsqlDataReader reader, int column, out ReadOnlySpan<byte> json)
        {
            json = default;
            if (reader.IsDBNull(column))
            {
                return false;
            }

            var bytes = Read(reader, column);
            if (bytes.Length < 1 || bytes[0] != 1 || !Utf8.IsValid(bytes[1..]))
            {
                return false;
            }

            json = bytes[1..];
            return true;
        }

        /// <summary>The column's binary value, copied into a buffer reused for every column (valid until the next call).</summary>
        /// <remarks>One copy into the buffer as it is; only a value that fills it is measured and copied again into a larger one.</remarks>
        private ReadOnlySpan<byte> Read(NpgsqlDataReader reader, int column)
        {
            var read = (int)reader.GetBytes(column, 0, _value, 0, _value.Length);
            if (read == _value.Length)
            {
                var length = (int)reader.GetBytes(column, 0, null, 0, 0);
                if (length > _value.Length)
                {
                    _value = new byte[Math.Max(length, _value.Length * 2)];
                    read = (int)reader.GetBytes(column, 0, _value, 0, length);
                }
            }

            return _value.AsSpan(0, read);
        }
    }
}
