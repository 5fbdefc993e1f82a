using System.Buffers.Text;
using System.Collections.Frozen;
using System.Text;
using AuditTrail.Relational;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AuditTrail.Sqlite;

/// <summary>
/// Runs a SELECT of the audit columns through SQLite's C API and builds the rows from the column bytes
/// (<see cref="SqliteNativeValues"/>), matching columns to the stored fields by name (<see cref="AuditRow.SlotOf"/>): through ADO.NET each of a row's 21 values costs an interface call,
/// SafeHandle reference counting, a GC transition and boxing, which made reading rows most of the cost of an
/// export. Values come out as Microsoft.Data.Sqlite's GetValue gives them (INTEGER as long, TEXT as string decoded
/// from UTF-8, BLOB as byte[], NULL as null), so the shared mapper turns them into the same records.
/// </summary>
internal static class SqliteRowReader
{
    // Columns with few distinct values: a row's text that equals the previous row's reuses its string.
    private static readonly FrozenSet<AuditRecordField> Repetitive = new[]
    {
        AuditRecordFields.ActorId, AuditRecordFields.ActorName, AuditRecordFields.ActorType, AuditRecordFields.Action,
        AuditRecordFields.ActionType, AuditRecordFields.Outcome, AuditRecordFields.ResourceType, AuditRecordFields.SourceIp,
        AuditRecordFields.UserAgent, AuditRecordFields.TenantId, AuditRecordFields.Changes, AuditRecordFields.Metadata,
    }.ToFrozenSet();

    /// <summary>
    /// The rows, or <see langword="null"/> when this reader cannot run the statement (another SQLitePCLRaw provider,
    /// a parameter of a type it does not bind, more than one statement) and the caller should use ADO.NET.
    /// </summary>
    public static IReadOnlyList<AuditRow>? TryRead(SqliteConnection connection, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken) =>
        connection.Handle is { } db ? TryRead(db, sql, parameters, cancellationToken) : null;

    /// <summary>The same, on a connection opened through SQLite's C API (<see cref="SqliteConnectionFactory.RentRawReadOnly"/>).</summary>
    public static IReadOnlyList<AuditRow>? TryRead(sqlite3 db, string sql, AuditSqlParameters parameters, CancellationToken cancellationToken)
    {
        if (!SqliteNativeValues.IsAvailable)
        {
            return null;
        }

        var rc = raw.sqlite3_prepare_v2(db, sql, out var stmt, out var tail);
        try
        {
            SqliteException.ThrowExceptionForRC(rc, db);
            if (!string.IsNullOrWhiteSpace(tail) || !TryBind(db, stmt, parameters))
            {
                return null;
            }

            // Each column's slot in the row and how its values are read.
            var slots = new int[raw.sqlite3_column_count(stmt)];
            var kinds = new AuditRecordFieldKind?[slots.Length];
            var repetitive = new bool[slots.Length];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = AuditRow.SlotOf(raw.sqlite3_column_name(stmt, i).utf8_to_string());
                var field = slots[i] >= 0 ? AuditRecordFields.Stored[slots[i]] : null;
                kinds[i] = field?.Kind;
                repetitive[i] = field is not null && Repetitive.Contains(field);
            }

            var rows = new List<AuditRow>();
            var last = new (byte[]? Bytes, string? Text)[slots.Length];
            var statement = stmt.DangerousGetHandle();
            while ((rc = raw.sqlite3_step(stmt)) == raw.SQLITE_ROW)
            {
                if ((rows.Count & 0x3FF) == 0x3FF)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var row = new AuditRow();
                for (var i = 0; i < slots.Length; i++)
                {
                    if (slots[i] != AuditRow.NoSlot)
                    {
                        Set(row, slots[i], kinds[i], SqliteNativeValues.Column(statement, i), repetitive[i], ref last[i]);
                    }
                }

                rows.Add(row);
            }

            SqliteException.ThrowExceptionForRC(rc, db);
            return rows;
        }
        finally
        {
            stmt?.Dispose();
        }
    }

    private static bool TryBind(sqlite3 db, sqlite3_stmt stmt, AuditSqlParameters parameters)
    {
        var binder = new SqliteValueBinder();
        foreach (var (name, value) in parameters.Named)
        {
            var index = raw.sqlite3_bind_parameter_index(stmt, name);
            if (index == 0)
            {
                // Not used by this statement (ADO.NET ignores such parameters too).
                continue;
            }

            if (binder.TryBind(stmt, index, value) is not { } rc)
            {
                return false;
            }

            SqliteException.ThrowExceptionForRC(rc, db);
        }

        return true;
    }

    private static void Set(AuditRow row, int slot, AuditRecordFieldKind? kind, IntPtr value, bool repetitive, ref (byte[]? Bytes, string? Text) last)
    {
        switch (slot, kind)
        {
            case (AuditRow.SeqSlot, _):
                row.Seq = SqliteNativeValues.Int64(value);
                break;
            case (AuditRow.HashSlot, _):
                row.Hash = SqliteNativeValues.Type(value) == raw.SQLITE_NULL ? null : SqliteNativeValues.Bytes(value).ToArray();
                break;
            case (AuditRow.ContentDigestSlot, _):
                row.ContentDigest = SqliteNativeValues.Type(value) == raw.SQLITE_NULL ? null : SqliteNativeValues.Bytes(value).ToArray();
                break;
            case (_, AuditRecordFieldKind.Id):
                row.Set(slot, Id(value));
                break;
            case (_, AuditRecordFieldKind.Time):
                row.Set(slot, Value(value));
                break;
            default:
                row.Set(slot, Text(value, repetitive, ref last));
                break;
        }
    }

    /// <summary>The id column's "D" text parsed from its bytes as a <see cref="Guid"/> (no string in between); any other value as <see cref="Value"/> gives it, for the dialect to reject.</summary>
    private static object Id(IntPtr value)
    {
        if (SqliteNativeValues.Type(value) == raw.SQLITE_TEXT)
        {
            var bytes = SqliteNativeValues.Bytes(value);
            if (Utf8Parser.TryParse(bytes, out Guid id, out var consumed, 'D') && consumed == bytes.Length)
            {
                return id;
            }
        }

        return Value(value)!;
    }

    /// <summary>A value as GetValue gives it: long, double, string, byte[] or null.</summary>
    private static object? Value(IntPtr value) => SqliteNativeValues.Type(value) switch
    {
        raw.SQLITE_INTEGER => SqliteNativeValues.Int64(value),
        raw.SQLITE_FLOAT => SqliteNativeValues.Double(value),
        raw.SQLITE_TEXT => Encoding.UTF8.GetString(SqliteNativeValues.Bytes(value)),
        raw.SQLITE_BLOB => SqliteNativeValues.Bytes(value).ToArray(),
        _ => null,
    };

    /// <summary>A text column's string (the table is STRICT, so TEXT or NULL), reusing the previous row's when the bytes match.</summary>
    private static string? Text(IntPtr value, bool repetitive, ref (byte[]? Bytes, string? Text) last)
    {
        if (SqliteNativeValues.Type(value) == raw.SQLITE_NULL)
        {
            return null;
        }

        var bytes = SqliteNativeValues.Bytes(value);
        if (!repetitive)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        if (last.Bytes is not null && bytes.SequenceEqual(last.Bytes))
        {
            return last.Text;
        }

        last = (bytes.ToArray(), Encoding.UTF8.GetString(bytes));
        return last.Text;
    }
}
