using System.Text;
using SQLitePCL;

namespace AuditTrail.Sqlite;

/// <summary>
/// Binds .NET values to a statement's parameters through SQLite's C API, as Microsoft.Data.Sqlite binds them: text as
/// UTF-8 (ill-formed UTF-16 becomes U+FFFD), whole numbers as INTEGER, <see cref="bool"/> as 0 or 1, byte arrays as BLOB.
/// Text is encoded into a buffer reused for every value; SQLite copies it. Not <c>sqlite3_bind_text16</c>: SQLite takes
/// a leading U+FEFF there for a byte-order mark and drops it.
/// </summary>
internal sealed class SqliteValueBinder
{
    private byte[] _buffer = new byte[1024];

    /// <summary>Binds <paramref name="value"/>; returns SQLite's result code, or <see langword="null"/> for a type this binder does not bind.</summary>
    public int? TryBind(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => BindText(statement, index, text),
        long number => raw.sqlite3_bind_int64(statement, index, number),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        bool flag => raw.sqlite3_bind_int64(statement, index, flag ? 1 : 0),
        double number => raw.sqlite3_bind_double(statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(statement, index, bytes),
        _ => null,
    };

    private int BindText(sqlite3_stmt statement, int index, string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        var written = Encoding.UTF8.GetBytes(text, _buffer);
        return raw.sqlite3_bind_text(statement, index, _buffer.AsSpan(0, written));
    }
}
