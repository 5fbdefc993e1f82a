using System.Runtime.InteropServices;
using SQLitePCL;

namespace AuditTrail.Sqlite;

/// <summary>
/// Direct calls into the SQLite library that SQLitePCLRaw already loaded, for reading column values by the
/// million. Through SQLitePCLRaw each call costs about 65 ns (an interface call, SafeHandle reference counting
/// and a GC transition), which is most of the time of reading a row; these are plain function pointers to
/// <c>sqlite3_column_value</c> and the lock-free <c>sqlite3_value_*</c> accessors, without a GC transition
/// (each runs for nanoseconds, never blocks and never calls back).
/// </summary>
/// <remarks>
/// Available only when SQLitePCLRaw's provider is the <c>e_sqlite3</c> bundle this package references and the
/// library resolved here is the very one it uses (their <c>sqlite3_sourceid</c> strings share an address); with
/// any other provider <see cref="IsAvailable"/> is false and callers read through SQLitePCLRaw or ADO.NET.
/// The values returned by <c>sqlite3_column_value</c> are "unprotected": using them with the accessors is safe
/// only while no other thread uses the connection, which holds for a connection the caller owns.
/// </remarks>
internal static unsafe class SqliteNativeValues
{
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, IntPtr> ColumnValue;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int> ValueType;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, byte*> ValueBlob;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int> ValueBytes;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, long> ValueInt64;
    private static readonly delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, double> ValueDouble;

    static SqliteNativeValues()
    {
        try
        {
            if (raw.GetNativeLibraryName() != "e_sqlite3" ||
                !NativeLibrary.TryLoad("e_sqlite3", typeof(SQLite3Provider_e_sqlite3).Assembly, null, out var library))
            {
                return;
            }

            var sourceId = (delegate* unmanaged[Cdecl]<byte*>)NativeLibrary.GetExport(library, "sqlite3_sourceid");
            fixed (byte* theirs = raw.sqlite3_sourceid())
            {
                if (sourceId() != theirs)
                {
                    // Another copy of the library: its functions must not touch the provider's objects.
                    return;
                }
            }

            ColumnValue = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int, IntPtr>)NativeLibrary.GetExport(library, "sqlite3_column_value");
            ValueType = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int>)NativeLibrary.GetExport(library, "sqlite3_value_type");
            ValueBlob = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, byte*>)NativeLibrary.GetExport(library, "sqlite3_value_blob");
            ValueBytes = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int>)NativeLibrary.GetExport(library, "sqlite3_value_bytes");
            ValueInt64 = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, long>)NativeLibrary.GetExport(library, "sqlite3_value_int64");
            ValueDouble = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, double>)NativeLibrary.GetExport(library, "sqlite3_value_double");
            IsAvailable = true;
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            // No provider set, or a library without these exports: the callers take the portable path.
        }
    }

    /// <summary>Whether the direct calls can be used.</summary>
    public static bool IsAvailable { get; }

    /// <summary>The value of column <paramref name="column"/> of the current row of <paramref name="statement"/>.</summary>
    public static IntPtr Column(IntPtr statement, int column) => ColumnValue(statement, column);

    /// <summary>The fundamental type: <see cref="raw.SQLITE_INTEGER"/>, <see cref="raw.SQLITE_TEXT"/>, <see cref="raw.SQLITE_BLOB"/>, ...</summary>
    public static int Type(IntPtr value) => ValueType(value);

    /// <summary>The value's bytes: the UTF-8 text of a TEXT value, as stored (the database encoding is UTF-8).</summary>
    public static ReadOnlySpan<byte> Bytes(IntPtr value)
    {
        // Blob first, then bytes: the order SQLite documents for a value that may need converting.
        var pointer = ValueBlob(value);
        return pointer is null ? default : new ReadOnlySpan<byte>(pointer, ValueBytes(value));
    }

    /// <summary>The value as a 64-bit integer.</summary>
    public static long Int64(IntPtr value) => ValueInt64(value);

    /// <summary>The value as a double.</summary>
    public static double Double(IntPtr value) => ValueDouble(value);
}
