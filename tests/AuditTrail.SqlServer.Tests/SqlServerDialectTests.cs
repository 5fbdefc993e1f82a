using AuditTrail.Relational;

namespace AuditTrail.SqlServer.Tests;

/// <summary>The value encodings of the T-SQL dialect, which decide ordering and exact matching on a real server.</summary>
public sealed class SqlServerDialectTests
{
    private readonly SqlServerAuditSqlDialect _dialect = new("dbo");

    [Fact]
    public void ToDbId_BytesOrderAsTheLowercaseText_AndRoundTrip()
    {
        // binary(16) compares bytewise; uniqueidentifier would not give this order.
        var ids = Enumerable.Range(0, 2000).Select(_ => Guid.NewGuid())
            .Concat([Guid.Empty, Guid.Parse("ffffffff-0000-0000-0000-000000000000"), Guid.Parse("00000000-0000-0000-0000-0000000000ff")])
            .ToArray();

        var byBytes = ids.OrderBy(id => (byte[])_dialect.ToDbId(id), ByteOrder.Instance).ToArray();
        var byText = ids.OrderBy(id => id.ToString("D"), StringComparer.Ordinal).ToArray();

        byBytes.Should().Equal(byText);
        ids.Should().AllSatisfy(id => _dialect.FromDbId(_dialect.ToDbId(id)).Should().Be(id));
    }

    [Fact]
    public void FromDbId_SomethingElseThanSixteenBytes_IsRejected()
    {
        var read = () => _dialect.FromDbId("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

        read.Should().Throw<InvalidDataException>().WithMessage("*binary(16)*");
    }

    [Theory]
    [InlineData("2025-03-14T09:26:53.5897931Z", "2025-03-14T09:26:53.5897940+00:00")]
    [InlineData("2025-03-14T09:26:53.5897930Z", "2025-03-14T09:26:53.5897930+00:00")]
    [InlineData("2025-06-01T12:00:00.1234567+05:30", "2025-06-01T06:30:00.1234570+00:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999990+00:00")]
    [InlineData("9999-12-31T23:59:59.9999991Z", "9999-12-31T23:59:59.9999990+00:00")]
    public void ToDbTime_IsUtc_RoundedUpToTheMicrosecond_WithinRange(string time, string expected)
    {
        var value = (DateTimeOffset)_dialect.ToDbTime(DateTimeOffset.Parse(time, System.Globalization.CultureInfo.InvariantCulture));

        value.ToString("O", System.Globalization.CultureInfo.InvariantCulture).Should().Be(expected);
    }

    [Fact]
    public void ToDbTime_DateTimeOffsetMaxValue_IsAWholeMicrosecond_SoADatetimeoffset6ColumnTakesItUnrounded()
    {
        // SQL Server rounds a datetimeoffset(7) parameter to the column's datetimeoffset(6): 23:59:59.9999999 on
        // 9999-12-31 would round past the type's range and fail the insert (a hold "until forever"), as it would not in
        // SQLite, which caps at the last whole microsecond too.
        var value = (DateTimeOffset)_dialect.ToDbTime(DateTimeOffset.MaxValue);

        (value.UtcTicks % 10).Should().Be(0);
        value.Should().Be(DateTimeOffset.MaxValue.AddTicks(-9));
    }

    [Fact]
    public void FromDbTime_ReturnsUtc()
    {
        var read = _dialect.FromDbTime(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.FromHours(5.5)));

        read.Should().Be(new DateTimeOffset(2025, 6, 1, 6, 30, 0, TimeSpan.Zero));
        read.Offset.Should().Be(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("Web-03", "%web-03%")]
    [InlineData("[ab]", "%\\[ab]%")]
    [InlineData("50%_off", "%50\\%\\_off%")]
    [InlineData("a\\b", "%a\\\\b%")]
    [InlineData("ÄÖ ΩZ", "%ÄÖ Ωz%")]
    public void LikePattern_FoldsAsciiLettersOnly_AndEscapesEveryMetacharacter(string search, string expected)
    {
        SqlServerAuditSqlDialect.LikePattern(search).Should().Be(expected);
    }

    [Fact]
    public void ColumnSizes_HoldEveryValueThePipelineLetsThrough()
    {
        var limits = new Dictionary<string, int>
        {
            [AuditColumns.ActorId] = AuditLimits.ActorId,
            [AuditColumns.ActorName] = AuditLimits.ActorName,
            [AuditColumns.Action] = AuditLimits.Action,
            [AuditColumns.FailureReason] = AuditLimits.FailureReason,
            [AuditColumns.ResourceType] = AuditLimits.ResourceType,
            [AuditColumns.ResourceId] = AuditLimits.ResourceId,
            [AuditColumns.ResourceName] = AuditLimits.ResourceName,
            [AuditColumns.SourceIp] = AuditLimits.SourceIp,
            [AuditColumns.UserAgent] = AuditLimits.UserAgent,
            [AuditColumns.CorrelationId] = AuditLimits.CorrelationId,
            [AuditColumns.TenantId] = AuditLimits.TenantId,
        };
        var longestEnumName = new[] { typeof(AuditActorType), typeof(AuditActionType), typeof(AuditOutcome) }
            .SelectMany(Enum.GetNames).Max(name => name.Length);

        foreach (var (column, limit) in limits)
        {
            SqlServerAuditSqlDialect.ColumnSizes[column].Should().BeGreaterThanOrEqualTo(limit, $"{column} must hold AuditLimits' {limit} characters (a larger limit needs a migration)");
        }

        SqlServerAuditSqlDialect.ColumnSizes[AuditColumns.ActionType].Should().BeGreaterThanOrEqualTo(longestEnumName);
        SqlServerAuditSqlDialect.ColumnSizes[AuditColumns.ActorType].Should().BeGreaterThanOrEqualTo(longestEnumName);
        SqlServerAuditSqlDialect.ColumnSizes[AuditColumns.Outcome].Should().BeGreaterThanOrEqualTo(longestEnumName);
        SqlServerAuditSqlDialect.ColumnSizes.Should().NotContainKey(AuditColumns.Description, "descriptions of 4096 characters exceed nvarchar(4000)");
    }

    [Fact]
    public void QuoteIdentifier_DoublesClosingBrackets()
    {
        _dialect.QuoteIdentifier("a]b").Should().Be("[a]]b]");
        _dialect.QualifyTableName("audit_events").Should().Be("[dbo].[audit_events]");
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
