using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>Where the spool goes when the host chose none: beside the database file, in <c>{database file}.spool</c>.</summary>
internal static class SqliteSpoolLocation
{
    public const string Suffix = ".spool";

    /// <summary>The default spool directory for these options, or <see langword="null"/> when the database has no file path.</summary>
    public static string? Beside(SqliteAuditStoreOptions options)
    {
        var file = options.DatabasePath ?? DataSourceFile(options.ConnectionString);
        return string.IsNullOrWhiteSpace(file) ? null : Path.GetFullPath(file) + Suffix;
    }

    private static string? DataSourceFile(string? connectionString)
    {
        if (connectionString is null)
        {
            return null;
        }

        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return dataSource;
        }

        // A URI file name: file:path?query or file:///path?query.
        var path = dataSource["file:".Length..];
        var query = path.IndexOf('?', StringComparison.Ordinal);
        path = Uri.UnescapeDataString(query < 0 ? path : path[..query]);
        return path.StartsWith("//", StringComparison.Ordinal) ? path[2..] : path;
    }
}
