using AuditTrail.Sqlite;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Cli.Tests.Support;

/// <summary>A SQLite trail in a folder of its own, written with records whose times and types the test chooses.</summary>
public sealed class TestTrail : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audittrail-cli-tests", Guid.NewGuid().ToString("N"));

    public TestTrail() => Directory.CreateDirectory(_directory);

    public string Database => Path.Combine(_directory, "audit.db");

    public string PathOf(string name) => Path.Combine(_directory, name);

    /// <summary>A store without background indexing, so that nothing writes to the folder once it is disposed.</summary>
    public SqliteAuditStore OpenStore(string? database = null) =>
        new(new SqliteAuditStoreOptions { DatabasePath = database ?? Database, IndexSearchInBackground = false });

    /// <summary>Writes <paramref name="records"/> and closes the store.</summary>
    public async Task WriteAsync(IReadOnlyList<AuditRecord> records)
    {
        await using var store = OpenStore();
        await store.WriteAsync(records);
    }

    /// <summary>One record an hour from <paramref name="start"/>, cycling through <paramref name="actions"/>.</summary>
    public static IReadOnlyList<AuditRecord> Hourly(DateTimeOffset start, int count, params (string Action, AuditActionType Type)[] actions) =>
        [.. Enumerable.Range(0, count).Select(i => new AuditRecord
        {
            Id = Guid.CreateVersion7(),
            OccurredAt = start.AddHours(i),
            RecordedAt = start.AddHours(i),
            Actor = AuditActor.User($"u-{i % 3}", null),
            Action = actions[i % actions.Length].Action,
            ActionType = actions[i % actions.Length].Type,
        })];

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
