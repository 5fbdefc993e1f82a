using AuditTrail.Relational;
using AuditTrail.Sqlite.Tests.Support;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AuditTrail.Sqlite.Tests;

/// <summary>
/// The SQLite store's row reader (SQLite's C API instead of ADO.NET and Dapper) gives the values Dapper gives
/// over Microsoft.Data.Sqlite, and steps aside for what it does not handle.
/// </summary>
public sealed class SqliteRowReaderTests : IDisposable
{
    private readonly TemporaryDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("SELECT 7 AS Seq, 'a-b' AS id, 5 AS occurred_at, 1.5 AS recorded_at, 'u1' AS actor_id, NULL AS actor_name, 'User' AS actor_type")]
    [InlineData("SELECT 8 AS seq, x'0102' AS id, 'text time' AS occurred_at, NULL AS recorded_at, '' AS actor_id, 'Zoë 👩‍💻' AS actor_name, x'ff' AS Hash, 'x' AS ACTOR_TYPE")]
    [InlineData("SELECT 9 AS Seq, 42 AS Id, -1 AS occurred_at, 0 AS recorded_at, 'x' AS actor_id, '[]' AS changes, '{\"k\":\"v\"}' AS metadata, 'unused' AS Other")]
    public async Task TryRead_ValuesOfEveryType_AreWhatAdoNetReads(string sql)
    {
        using var connection = _database.OpenSeparateConnection();
        List<AuditRow> expected;
        using (var reader = (System.Data.Common.DbDataReader)connection.ExecuteReader(sql))
        {
            expected = await AuditRowDataReader.ReadAllAsync(reader, CancellationToken.None);
        }

        var rows = SqliteRowReader.TryRead(connection, sql, new AuditSqlParameters(), CancellationToken.None);

        rows.Should().NotBeNull("the bundled e_sqlite3 provider is in use");
        rows!.Should().ContainSingle().Which.Should().BeEquivalentTo(expected.Single());
        expected.Single().Seq.Should().NotBe(0, "the statement's values are mapped, not left at their defaults");
    }

    [Fact]
    public void TryRead_TextRepeatedOrNotInConsecutiveRows_IsEachRowsOwnText()
    {
        // Columns with few distinct values reuse the previous row's string when the bytes match.
        using var connection = _database.OpenSeparateConnection();
        const string sql = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 4) " +
            "SELECT n AS Seq, 'same' AS actor_type, CASE n WHEN 2 THEN 'other' WHEN 4 THEN NULL ELSE 'same' END AS actor_name FROM s";

        var rows = SqliteRowReader.TryRead(connection, sql, new AuditSqlParameters(), CancellationToken.None);

        rows!.Select(row => (row.Seq, row[AuditRecordFields.ActorType], row[AuditRecordFields.ActorName])).Should().Equal(
            (1L, (object?)"same", (object?)"same"), (2L, "same", "other"), (3L, "same", "same"), (4L, "same", null));
    }

    [Fact]
    public void TryRead_BoundParameters_AreTheStatementsValues()
    {
        using var connection = _database.OpenSeparateConnection();
        var parameters = new AuditSqlParameters();
        var sql = $"SELECT {parameters.Add(41L)} + 1 AS Seq, {parameters.Add("ü")} AS actor_id, {parameters.Add(null)} AS actor_name, " +
            $"{parameters.Add(2)} AS id, {parameters.Add(0.25)} AS occurred_at, {parameters.Add(new byte[] { 9 })} AS Hash, {parameters.Add(true)} AS recorded_at";

        var row = SqliteRowReader.TryRead(connection, sql, parameters, CancellationToken.None)!.Single();

        (row.Seq, row.Hash).Should().BeEquivalentTo((42L, new byte[] { 9 }));
        row[AuditRecordFields.ActorId].Should().Be("ü");
        row[AuditRecordFields.ActorName].Should().BeNull();
        row[AuditRecordFields.Id].Should().Be(2L);
        row[AuditRecordFields.OccurredAt].Should().Be(0.25);
        row[AuditRecordFields.RecordedAt].Should().Be(1L);
    }

    [Fact]
    public void TryRead_ParameterOfATypeItDoesNotBind_StepsAsideForAdoNet()
    {
        using var connection = _database.OpenSeparateConnection();
        var parameters = new AuditSqlParameters();
        var sql = $"SELECT {parameters.Add(Guid.Empty)} AS Id";

        SqliteRowReader.TryRead(connection, sql, parameters, CancellationToken.None).Should().BeNull();
    }

    [Fact]
    public void TryRead_MoreThanOneStatement_StepsAsideForAdoNet()
    {
        using var connection = _database.OpenSeparateConnection();

        SqliteRowReader.TryRead(connection, "SELECT 1 AS Seq; SELECT 2 AS Seq", new AuditSqlParameters(), CancellationToken.None).Should().BeNull();
    }

    [Fact]
    public void TryRead_InvalidSql_ThrowsSqliteExceptionNamingTheError()
    {
        using var connection = _database.OpenSeparateConnection();

        var act = () => SqliteRowReader.TryRead(connection, "SELECT FROM nowhere", new AuditSqlParameters(), CancellationToken.None);

        act.Should().Throw<SqliteException>().WithMessage("*syntax error*");
    }
}
