using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite;

/// <summary>Start-up: a database that cannot be opened, is not SQLite or is full fails naming the option that points there.</summary>
public sealed partial class SqliteAuditStore : IAuditStore
{
    private const string Prefix = nameof(SqliteAuditStoreOptions) + ".";

    // https://www.sqlite.org/rescode.html (primary codes).
    private const int SqlitePerm = 3;
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>
    /// What the host starts with: <see cref="AuditTrail.Relational.RelationalAuditStoreFacade.InitializeAsync(CancellationToken)"/>, with the failures that come
    /// from where the database is (or how big it may grow) rethrown naming the option and the path, the original kept
    /// as the inner exception.
    /// </summary>
    async Task IAuditStore.InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DescribeStartFailure(ex) is { } message)
        {
            throw new InvalidOperationException(message, ex);
        }
    }

    private string? DescribeStartFailure(Exception exception)
    {
        var location = $"{_locationOption} '{_location}'";

        // A failed migration names the table and the step, and keeps SQLite's error inside: say where too.
        var cause = exception is InvalidOperationException { InnerException: SqliteException inner } ? inner : exception;
        return cause switch
        {
            SqliteException { SqliteErrorCode: SqliteCantOpen } or IOException or UnauthorizedAccessException =>
                $"{location} cannot be opened as the audit database: {exception.Message} " +
                "Give the path of a database file in a directory this process can create and write.",
            SqliteException { SqliteErrorCode: SqliteNotADatabase } =>
                $"{location} is not a SQLite database: {exception.Message} Give the path of the audit database, or of a file that does not exist yet.",
            SqliteException { SqliteErrorCode: SqliteCorrupt } =>
                $"{location} is a damaged SQLite database: {exception.Message} Restore the audit database from a backup.",
            SqliteException { SqliteErrorCode: SqliteReadOnly or SqlitePerm } =>
                $"{location} cannot be written: {exception.Message} The audit store must write; give a file this process can write.",
            SqliteException { SqliteErrorCode: SqliteFull } when _maxDatabaseSizeBytes is { } max =>
                $"{Prefix}{nameof(SqliteAuditStoreOptions.MaxDatabaseSizeBytes)} is {max}, and the database {location} reached it " +
                $"(or its disk is full) while the store created or updated its tables: {exception.Message} " +
                $"Raise {nameof(SqliteAuditStoreOptions.MaxDatabaseSizeBytes)} (at least {SqliteAuditStoreOptions.MinDatabaseSizeBytes}), or free disk space.",
            SqliteException { SqliteErrorCode: SqliteFull } =>
                $"The disk of {location} is full: the store could not create or update its tables: {exception.Message}",
            SqliteException when !ReferenceEquals(cause, exception) => $"{location}: {exception.Message}",
            _ => null,
        };
    }
}
