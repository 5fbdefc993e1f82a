
namespace AuditTrail.PostgreSql.Tests;

/// <summary>The search text function's arguments are frozen by a released migration; they must still be the searched fields.</summary>
public sealed class PostgreSqlSearchTextTests
{
    [Fact]
    public void SearchTextArguments_AreTheSearchedFieldsColumns()
    {
        PostgreSqlAuditSqlDialect.SearchTextArguments.Should().BeEquivalentTo(AuditRecordFields.Searched.Select(field => field.Column));
    }
}
