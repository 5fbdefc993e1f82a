using AuditTrail.Relational;
using AuditTrail.Relational.Internal;
using AuditTrail.Sqlite.Internal;
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
    [InlineData("SELECT 7 AS Seq, 'a-b' AS Id, 5 AS OccurredAt, 1.5 AS RecordedAt, 'u1' AS ActorId, NULL AS ActorName, 'User' AS ActorType")]
    [InlineData("SELECT 8 AS seq, x'0102' AS id, 'text time' AS OccurredAt, NULL AS RecordedAt, '' AS ActorId, 'Zoë 👩‍💻' AS ActorName, x'ff' AS Hash, 'x' AS actor_type")]
    [InlineData("SELECT 9 AS Seq, 42 AS Id, -1 AS OccurredAt, 0 AS RecordedAt, 'x' AS ActorId, '[]' AS Changes, '{\"k\":\"v\"}' AS Metadata, 'unused' AS Other")]
    public void TryRead_ValuesOfEveryType_AreWhatDapperReadsOverAdoNet(string sql)
    {
        using var connection = _database.OpenSeparateConnection();
        var expected = connection.Query<AuditRow>(sql).Single();

        var rows = SqliteRowReader.TryRead(connection, sql, new AuditSqlParameters(), CancellationToken.None);

        rows.Should().NotBeNull("the bundled e_sqlite3 provider is in use");
        rows!.Should().ContainSingle().Which.Should().BeEquivalentTo(expected);
        expected.Seq.Should().NotBe(0, "the statement's values are mapped, not left at their defaults");
    }

    [Fact]
    public void TryRead_TextRepeatedOrNotInConsecutiveRows_IsEachRowsOwnText()
    {
        // Columns with few distinct values reuse the previous row's string when the bytes match.
        using var connection = _database.OpenSeparateConnection();
        const string sql = "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 4) " +
            "SELECT n AS Seq, 'same' AS ActorType, CASE n WHEN 2 THEN 'other' WHEN 4 THEN NULL ELSE 'same' END AS ActorName FROM s";

        var rows = SqliteRowReader.TryRead(connection, sql, new AuditSqlParameters(), CancellationToken.None);

        rows!.Select(row => (row.Seq, row.ActorType, row.ActorName)).Should().Equal(
            (1L, "same", "same"), (2L, "same", "other"), (3L, "same", "same"), (4L, "same", null));
    }

    [Fact]
    public void TryRead_BoundParameters_AreTheStatementsValues()
    {
        using var connection = _database.OpenSeparateConnection();
        var parameters = new AuditSqlParameters();
        var sql = $"SELECT {parameters.Add(41L)} + 1 AS Seq, {parameters.Add("ü")} AS ActorId, {parameters.Add(null)} AS ActorName, " +
            $"{parameters.Add(2)} AS Id, {parameters.Add(0.25)} AS OccurredAt, {parameters.Add(new byte[] { 9 })} AS Hash, {parameters.Add(true)} AS RecordedAt";

        var row = SqliteRowReader.TryRead(connection, sql, parameters, CancellationToken.None)!.Single();

        row.Should().BeEquivalentTo(new AuditRow { Seq = 42, ActorId = "ü", ActorName = null, Id = 2L, OccurredAt = 0.25, Hash = [9], RecordedAt = 1L });
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
