using AuditTrail.Conformance.Support;
using AuditTrail.Sqlite.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests.Histogram;

/// <summary>
/// The hourly rollup answers the activity chart with the same counts as the audit table: for the filters it serves
/// (with partial hours at either end), after purges and rewrites, and when the migration fills it from existing rows.
/// </summary>
public sealed class SqliteHistogramRollupTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly AuditActionType[] Types = Enum.GetValues<AuditActionType>();
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// 600 records about every 17 minutes over a week, of every type, in two tenants and none, by four users: a target user
    /// who is another user, the actor themself, or none.
    /// </summary>
    private static AuditRecord[] Records() => [.. Enumerable.Range(0, 600).Select(i => Some.Record(Start.AddMinutes(i * 17).AddSeconds(i % 60)) with
    {
        Id = Guid.CreateVersion7(Start.AddMinutes(i * 17)),
        ActionType = Types[i % Types.Length],
        TenantId = (i % 3) switch { 0 => "acme", 1 => "globex", _ => null },
        Actor = AuditActor.User("u-" + (i % 4), "User " + (i % 4)),
        TargetUser = (i % 5) switch { 0 or 1 => new AuditTargetUser("u-" + ((i + 1) % 4), null), 2 => new AuditTargetUser("u-" + (i % 4), null), _ => null },
    })];

    public static TheoryData<string> Cases() => [.. Filters.Keys];

    private static readonly Dictionary<string, (AuditFilter Filter, AuditHistogramBuckets Buckets)> Filters = new()
    {
        ["whole week, hours"] = (new AuditFilter { From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Hour, 168)),
        ["whole week, days"] = (new AuditFilter { From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["partial hours at both ends"] = (new AuditFilter { From = Start.AddMinutes(95), To = Start.AddHours(30).AddMinutes(7) }, new(Start.AddHours(1), AuditHistogramInterval.Hour, 30)),
        ["within one hour"] = (new AuditFilter { From = Start.AddMinutes(61), To = Start.AddMinutes(119) }, new(Start.AddHours(1), AuditHistogramInterval.Hour, 1)),
        ["action types"] = (new AuditFilter { ActionTypes = [AuditActionType.Security, AuditActionType.Delete], From = Start.AddMinutes(13), To = Start.AddDays(5) }, new(Start, AuditHistogramInterval.Day, 5)),
        ["tenant scope"] = (new AuditFilter { ScopeTenantId = "acme", From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["tenant filter and scope"] = (new AuditFilter { TenantId = "globex", ScopeTenantId = "globex", ActionTypes = [AuditActionType.Update], From = Start.AddHours(3), To = Start.AddDays(2) }, new(Start, AuditHistogramInterval.Hour, 48)),
        ["an empty tenant scope (no record of no tenant is in it)"] = (new AuditFilter { ScopeTenantId = "", From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["an empty tenant filter and a viewer's scope"] = (new AuditFilter { ScopeActorId = "u-2", ScopeIncludesTargetUser = true, ScopeTenantId = "", From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["other tenant than the scope"] = (new AuditFilter { TenantId = "globex", ScopeTenantId = "acme", From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["no bounds"] = (new AuditFilter(), new(Start, AuditHistogramInterval.Day, 7)),
        ["an actor"] = (new AuditFilter { ActorIds = ["u-1"], From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["two actors, a type, partial hours"] = (new AuditFilter { ActorIds = ["u-1", "u-3"], ActionTypes = [AuditActionType.Create], From = Start.AddMinutes(50), To = Start.AddDays(3).AddMinutes(20) }, new(Start, AuditHistogramInterval.Hour, 73)),
        ["a viewer's own actions and the records about them"] = (new AuditFilter { ScopeActorId = "u-2", ScopeIncludesTargetUser = true, From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["a viewer's scope, hours, a tenant scope"] = (new AuditFilter { ScopeActorId = "u-0", ScopeIncludesTargetUser = true, ScopeTenantId = "acme", From = Start.AddMinutes(30), To = Start.AddDays(2) }, new(Start, AuditHistogramInterval.Hour, 48)),
        ["a viewer's own actions only"] = (new AuditFilter { ScopeActorId = "u-2", From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["a viewer filtering by themself"] = (new AuditFilter { ScopeActorId = "u-3", ScopeIncludesTargetUser = true, ActorIds = ["u-3"], From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["a viewer filtering by another actor (not served by a rollup)"] = (new AuditFilter { ScopeActorId = "u-3", ScopeIncludesTargetUser = true, ActorIds = ["u-2"], From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
        ["a target user (not served by a rollup)"] = (new AuditFilter { TargetUserId = "u-1", From = Start, To = Start.AddDays(7) }, new(Start, AuditHistogramInterval.Day, 7)),
    };

    [Fact]
    public async Task Rollups_CountEachRowOnce_WhenBatchesRepeatIdsOrAreRetried_AndWritersRunConcurrently()
    {
        var store = _database.CreateStore();
        var records = Records();
        var (filter, buckets) = Filters["whole week, hours"];
        var viewer = filter with { ScopeActorId = "u-1", ScopeIncludesTargetUser = true };

        // Eight writers of small batches, each batch also repeating a record of its own and one of the previous batch.
        await Parallel.ForEachAsync(records.Chunk(75), async (part, cancellationToken) =>
        {
            AuditRecord? previous = null;
            foreach (var batch in part.Chunk(5))
            {
                await store.WriteAsync([.. batch, batch[0], .. previous is null ? Array.Empty<AuditRecord>() : [previous]], cancellationToken);
                previous = batch[^1];
            }
        });
        await store.WriteAsync(records[..40]);

        (await CountAsync(store, filter, buckets, rollup: true)).Should().Equal(Expected(records, filter, buckets), "every stored row once, whatever was written again");
        (await CountAsync(store, viewer, buckets, rollup: true)).Should().Equal(Expected(records, viewer, buckets), "the per-user rollup too");
        (await CountAsync(store, filter, buckets, rollup: false)).Should().Equal(Expected(records, filter, buckets));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Rollup_CountsWhatTheTableCounts(string name)
    {
        var store = _database.CreateStore();
        var records = Records();
        await store.WriteAsync(records);
        var (filter, buckets) = Filters[name];

        var expected = Expected(records, filter, buckets);
        (await CountAsync(store, filter, buckets, rollup: true)).Should().Equal(expected, "the rollup path");
        (await CountAsync(store, filter, buckets, rollup: false)).Should().Equal(expected, "the audit table's count");
    }

    [Fact]
    public async Task Rollup_FollowsPurgesAndRewrites_AndTheMigrationFillsItFromExistingRows()
    {
        var store = _database.CreateStore();
        var records = Records();
        await store.WriteAsync(records);
        var (filter, buckets) = Filters["whole week, hours"];

        var viewer = filter with { ScopeActorId = "u-1", ScopeIncludesTargetUser = true };

        var purged = await store.PurgeAsync(Start.AddDays(2), 10_000);
        purged.Should().BeGreaterThan(0);
        var kept = records.Where(record => record.OccurredAt >= Start.AddDays(2)).ToArray();
        (await CountAsync(store, filter, buckets, rollup: true)).Should().Equal(Expected(kept, filter, buckets));
        (await CountAsync(store, viewer, buckets, rollup: true)).Should().Equal(Expected(kept, viewer, buckets), "the per-user rollup followed the purge");

        // An existing trail from before the rollup: its table and version rows gone, as in a schema v11 file.
        await store.DisposeAsync();
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database.Path }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TRIGGER audit_events_hourly_delete; DROP TRIGGER audit_events_hourly_update;
                DROP TRIGGER audit_events_hourly_user_delete; DROP TRIGGER audit_events_hourly_user_update;
                DROP TABLE audit_events_hourly; DROP TABLE audit_events_hourly_user; DELETE FROM audit_trail_schema WHERE version >= 12;
                """;
            await command.ExecuteNonQueryAsync();
        }

        // Versions 12 and 14 create insert triggers, 15 drops them again: a row written afterwards must count once.
        var reopened = _database.CreateStore();
        (await CountAsync(reopened, filter, buckets, rollup: true)).Should().Equal(Expected(kept, filter, buckets), "the migration counted the rows already stored");
        (await InsertTriggersAsync()).Should().BeEmpty("v15 counts inserted rows once per transaction instead");
        (await CountAsync(reopened, viewer, buckets, rollup: true)).Should().Equal(Expected(kept, viewer, buckets), "the migration counted the rows already stored per user");
        await reopened.WriteAsync([Some.Record(Start.AddDays(3).AddMinutes(1)) with { ActionType = AuditActionType.Security, Actor = AuditActor.User("u-1", null), TargetUser = new AuditTargetUser("u-2", null) }]);
        (await CountAsync(reopened, filter, buckets, rollup: true)).Should().Equal(await CountAsync(reopened, filter, buckets, rollup: false));
        (await CountAsync(reopened, viewer, buckets, rollup: true)).Should().Equal(await CountAsync(reopened, viewer, buckets, rollup: false));
    }

    [Theory]
    [InlineData("an actor", true)]
    [InlineData("a viewer's own actions and the records about them", true)]
    [InlineData("a viewer filtering by themself", true)]
    [InlineData("a viewer filtering by another actor (not served by a rollup)", false)]
    [InlineData("a target user (not served by a rollup)", false)]
    public async Task UserRollup_AnswersActorAndViewerFilters_FromItsOwnRows(string name, bool served)
    {
        var store = _database.CreateStore();
        await store.WriteAsync(Records());
        var (filter, buckets) = Filters[name];
        var counted = await CountAsync(store, filter, buckets, rollup: true);

        // Doubling the per-user rollup's counts shows in the answer exactly when the rollup answered it.
        await using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database.Path }.ToString()))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE audit_events_hourly_user SET count = count * 2";
            await command.ExecuteNonQueryAsync();
        }

        var after = await CountAsync(store, filter, buckets, rollup: true);
        if (served)
        {
            after.Should().NotEqual(counted);
        }
        else
        {
            after.Should().Equal(counted);
        }
    }

    [Fact]
    public async Task UserRollup_FollowsAnErasure_TheErasedIdCountsNothingAndThePseudonymWhatTheTableHolds()
    {
        var store = _database.CreateStore();
        await store.WriteAsync(Records());
        var (filter, buckets) = Filters["whole week, hours"];
        var before = await CountAsync(store, filter with { ScopeActorId = "u-1", ScopeIncludesTargetUser = true }, buckets, rollup: true);
        before.Should().NotBeEmpty();

        var pseudonym = AuditPseudonym.For(new byte[32], "u-1");
        await ((IAuditErasureStore)store).EraseAsync("u-1", pseudonym);

        foreach (var user in new[] { "u-1", pseudonym, "u-2" })
        {
            var viewer = filter with { ScopeActorId = user, ScopeIncludesTargetUser = true };
            var actor = filter with { ActorIds = [user] };
            (await CountAsync(store, viewer, buckets, rollup: true)).Should().Equal(await CountAsync(store, viewer, buckets, rollup: false), $"{user}'s scope after the erasure");
            (await CountAsync(store, actor, buckets, rollup: true)).Should().Equal(await CountAsync(store, actor, buckets, rollup: false), $"{user} as the actor after the erasure");
        }

        (await CountAsync(store, filter with { ScopeActorId = "u-1", ScopeIncludesTargetUser = true }, buckets, rollup: true)).Should().BeEmpty();
        (await CountAsync(store, filter with { ScopeActorId = pseudonym, ScopeIncludesTargetUser = true }, buckets, rollup: true))
            .Should().Equal(before, "the pseudonym took over every record of and about the erased user");
    }

    [Fact]
    public async Task UserRollup_AfterAnErasure_HoldsNoRowOfTheErasedId()
    {
        var store = _database.CreateStore();
        await store.WriteAsync(Records());
        _database.Scalar<long>("SELECT count(*) FROM audit_events_hourly_user WHERE user_id = 'u-1'").Should().BePositive();

        await ((IAuditErasureStore)store).EraseAsync("u-1", AuditPseudonym.For(new byte[32], "u-1"));

        _database.Scalar<long>("SELECT count(*) FROM audit_events_hourly_user WHERE user_id = 'u-1'")
            .Should().Be(0, "an erased user's id must not stay in the rollup, not even with a count of zero");
        _database.Scalar<long>("SELECT count(*) FROM audit_events_hourly_user WHERE count <= 0").Should().Be(0);
    }

    /// <summary>The names of the triggers that run on an insert into the audit table.</summary>
    private async Task<List<string>> InsertTriggersAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _database.Path }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'audit_events' AND sql LIKE '%AFTER INSERT%'";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<List<string>> CountAsync(SqliteAuditStore store, AuditFilter filter, AuditHistogramBuckets buckets, bool rollup)
    {
        store.UseHistogramRollup = rollup;
        var cells = await store.CountPerBucketAsync(filter, buckets);
        return [.. cells.Where(cell => cell.Bucket >= 0 && cell.Bucket < buckets.Count && cell.Count > 0)
            .OrderBy(cell => cell.Bucket).ThenBy(cell => cell.ActionType)
            .Select(cell => $"{cell.Bucket}:{cell.ActionType}:{cell.Count}")];
    }

    private static List<string> Expected(IEnumerable<AuditRecord> records, AuditFilter filter, AuditHistogramBuckets buckets) =>
        [.. records
            .Where(record => (filter.From is null || record.OccurredAt >= filter.From) && (filter.To is null || record.OccurredAt < filter.To))
            .Where(record => filter.ActionTypes.Count == 0 || filter.ActionTypes.Contains(record.ActionType))
            .Where(record => (filter.TenantId is null || record.TenantId == filter.TenantId) && (filter.ScopeTenantId is null || record.TenantId == filter.ScopeTenantId))
            .Where(record => filter.ActorIds.Count == 0 || filter.ActorIds.Contains(record.Actor.Id))
            .Where(record => filter.TargetUserId is null || record.TargetUser?.Id == filter.TargetUserId)
            .Where(record => filter.ScopeActorId is null || record.Actor.Id == filter.ScopeActorId || (filter.ScopeIncludesTargetUser && record.TargetUser?.Id == filter.ScopeActorId))
            .Where(record => record.OccurredAt >= buckets.Start && record.OccurredAt < buckets.End)
            .GroupBy(record => (Bucket: buckets.IndexOf(record.OccurredAt), record.ActionType))
            .OrderBy(group => group.Key.Bucket).ThenBy(group => group.Key.ActionType)
            .Select(group => $"{group.Key.Bucket}:{group.Key.ActionType}:{group.Count()}")];
}
