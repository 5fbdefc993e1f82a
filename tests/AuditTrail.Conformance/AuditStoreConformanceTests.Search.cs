using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    /// <summary>The fields <see cref="AuditFilter.Search"/> covers.</summary>
    public static TheoryData<string> SearchedFields() =>
    [
        "ActorId", "ActorName", "Action", "ResourceType", "ResourceId", "ResourceName", "Description",
        "ChangeField", "ChangeOldValue", "ChangeNewValue", "FailureReason", "SourceIp",
    ];

    /// <summary>Fields a search must not look at.</summary>
    public static TheoryData<string> UnsearchedFields() =>
    [
        "UserAgent", "CorrelationId", "TenantId", "MetadataKey", "MetadataValue",
    ];

    [Theory]
    [MemberData(nameof(SearchedFields), MemberType = typeof(AuditStoreConformanceTests))]
    public async Task Search_FindsTextInEachSearchedField_CaseInsensitivelyAsASubstring(string field)
    {
        var hit = WithText(Some.Record(Some.Time(1)), field, "pre-Quokka42-post");
        var other = Some.Record(Some.Time(2));
        var secondChange = WithText(Some.Record(Some.Time(3)), field, "QUOKKA42", inSecondChange: true);
        await WriteAsync(hit, other, secondChange);

        await ShouldMatchAsync(new AuditFilter { Search = "quokka42" }, hit, secondChange);
        await ShouldMatchAsync(new AuditFilter { Search = "OKKA4" }, hit, secondChange);
        await ShouldMatchAsync(new AuditFilter { Search = "pre-Quokka42-post" }, hit);
        await ShouldMatchAsync(new AuditFilter { Search = "quokka43" });
    }

    [Theory]
    [MemberData(nameof(UnsearchedFields), MemberType = typeof(AuditStoreConformanceTests))]
    public async Task Search_IgnoresFieldsOutsideTheContract(string field)
    {
        await WriteAsync(WithText(Some.Record(), field, "Quokka42"));

        await ShouldMatchAsync(new AuditFilter { Search = "quokka42" });
    }

    [Theory]
    [InlineData("#")]
    [InlineData("#q")]
    [InlineData("#Q")]
    [InlineData("q#")]
    public async Task Search_ShorterThanThreeCharacters_StillMatchesSubstrings(string search)
    {
        var hit = Some.Record(Some.Time(1)) with { Description = "ticket Q#Q" };
        var miss = Some.Record(Some.Time(2)) with { Description = "ticket QQ" };
        await WriteAsync(hit, miss);

        await ShouldMatchAsync(new AuditFilter { Search = search }, hit);
    }

    [Theory]
    [InlineData("ürich")]
    [InlineData("Zürich")]
    [InlineData("本語")]
    [InlineData("日本語")]
    [InlineData("🚀")]
    [InlineData("🚀🚀🚀")]
    [InlineData("Ω")]
    public async Task Search_NonAsciiText_MatchesAsASubstring(string search)
    {
        var hit = Some.Record(Some.Time(1)) with { Description = "Zürich 日本語 🚀🚀🚀 Ω" };
        var miss = Some.Record(Some.Time(2)) with { Description = "Zurich 日本 O" };
        await WriteAsync(hit, miss);

        await ShouldMatchAsync(new AuditFilter { Search = search }, hit);
    }

    [Fact]
    public async Task Search_IsCaseInsensitiveForAscii()
    {
        var hit = Some.Record(Some.Time(1)) with { Resource = new AuditResource("server", "s1", "Web-01.Example") };
        await WriteAsync(hit, Some.Record(Some.Time(2)));

        await ShouldMatchAsync(new AuditFilter { Search = "WEB-01.EXAMPLE" }, hit);
        await ShouldMatchAsync(new AuditFilter { Search = "web-01.example" }, hit);
        await ShouldMatchAsync(new AuditFilter { Search = "wEB-0" }, hit);
    }

    [Fact]
    public async Task Search_DoesNotMatchAcrossFieldBoundaries()
    {
        var record = Some.Record() with
        {
            Actor = AuditActor.User("abc", "def"),
            Resource = new AuditResource("ghi", "jkl", "mno"),
            Changes = [new AuditFieldChange("pqr", "stu", "vwx")],
        };
        await WriteAsync(record);

        foreach (var across in new[] { "cdef", "abcdef", "ghijkl", "rstu", "pqr\nstu", "stuvwx", "u\nv" })
        {
            (await Store.CountAsync(new AuditFilter { Search = across })).Should().Be(0, $"'{across}' spans two fields");
        }

        (await Store.CountAsync(new AuditFilter { Search = "stu" })).Should().Be(1);
    }

    [Fact]
    public async Task Search_TextWithLineBreaks_MatchesLiterally()
    {
        var hit = Some.Record(Some.Time(1)) with { Description = "first line\r\nsecond line" };
        var miss = Some.Record(Some.Time(2)) with { Description = "first line second line" };
        await WriteAsync(hit, miss);

        await ShouldMatchAsync(new AuditFilter { Search = "line\r\nsecond" }, hit);
        await ShouldMatchAsync(new AuditFilter { Search = "\r\n" }, hit);
    }

    [Fact]
    public async Task Search_EmptyText_RestrictsNothing()
    {
        var records = Some.Records(3, Some.Time);
        await WriteAsync(records);

        await ShouldMatchAsync(new AuditFilter { Search = string.Empty }, records);
    }

    [Theory]
    [InlineData("' OR 1=1 --", "anything at all")]
    [InlineData("'; DELETE FROM audit_events; --", "anything at all")]
    [InlineData("%", "no wildcards here")]
    [InlineData("_", "no wildcards here")]
    [InlineData("%%%", "no wildcards here")]
    [InlineData("a_c", "abc")]
    [InlineData("a%c", "abbbc")]
    [InlineData("50%", "500")]
    [InlineData("a\\c", "ac")]
    [InlineData("\\", "no backslash")]
    [InlineData("\\%", "a % sign")]
    [InlineData("\\_", "an _ sign")]
    [InlineData("[ab]", "a")]
    [InlineData("\"", "no quotes")]
    [InlineData("\"foo bar\"", "foo bar")]
    [InlineData("\"\"", "\"")]
    [InlineData("'", "no apostrophe")]
    [InlineData("x AND y", "y and x")]
    [InlineData("foo OR bar", "bar")]
    [InlineData("NOT foo", "bar")]
    [InlineData("AND", "a n d")]
    [InlineData("NEAR(", "near")]
    [InlineData("NEAR(foo bar)", "foo bar")]
    [InlineData("foo*", "foobar")]
    [InlineData("*", "no star")]
    [InlineData("fo*", "foo")]
    [InlineData("^foo", "foo")]
    [InlineData("foo:bar", "bar")]
    [InlineData("{foo bar}: baz", "baz")]
    [InlineData("-foo", "foo")]
    [InlineData("+foo", "foo")]
    [InlineData("(foo)", "foo")]
    [InlineData("foo \"bar", "foo bar")]
    public async Task Search_SqlLikeAndFullTextSyntax_MatchesLiterally(string search, string lure)
    {
        var hit = Some.Record(Some.Time(1)) with { Description = "<" + search + ">" };
        var trap = Some.Record(Some.Time(2)) with { Description = "<" + lure + ">" };
        await WriteAsync(hit, trap);

        await ShouldMatchAsync(new AuditFilter { Search = search }, hit);
        (await Store.CountAsync(AuditFilter.All)).Should().Be(2, "no statement may have changed the data");
    }

    [Fact]
    public async Task Search_CombinesWithOtherFilters()
    {
        var alice = Some.Record(Some.Time(1)) with { Actor = AuditActor.User("alice", "Alice"), Description = "rebooted web-01" };
        var bob = Some.Record(Some.Time(2)) with { Actor = AuditActor.User("bob", "Bob"), Description = "rebooted web-01" };
        var other = Some.Record(Some.Time(3)) with { Actor = AuditActor.User("alice", "Alice"), Description = "resized" };
        await WriteAsync(alice, bob, other);

        await ShouldMatchAsync(new AuditFilter { Search = "REBOOT" }, alice, bob);
        await ShouldMatchAsync(new AuditFilter { Search = "REBOOT", ActorIds = ["alice"] }, alice);
        await ShouldMatchAsync(new AuditFilter { Search = "REBOOT", ScopeActorId = "bob" }, bob);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    [InlineData(AuditStoreQuery.MaxLimit)]
    public async Task Search_PagesInTimeOrder_WhenRowsWereStoredOutOfTimeOrder(int limit)
    {
        // 900 rows, one in three a match, stored in an order unrelated to their times (some times shared, so the
        // id breaks ties): a store that walks its search index by storage order must still return exact pages.
        var random = new Random(20261122);
        var records = Enumerable.Range(0, 900).Select(i => Some.Record(Some.Time(random.Next(0, 600))) with
        {
            Actor = AuditActor.User(i % 2 == 0 ? "alice" : "bob", null),
            Description = i % 3 == 0 ? "rebooted NEEDLE-" + i : "resized",
        }).ToArray();
        foreach (var batch in records.Chunk(100))
        {
            await WriteAsync(batch);
        }

        foreach (var filter in new[] { new AuditFilter { Search = "needle" }, new AuditFilter { Search = "needle", ActorIds = ["bob"] } })
        {
            var expected = records
                .Where(record => record.Description!.Contains("NEEDLE", StringComparison.Ordinal) && (filter.ActorIds is not { Count: > 0 } actors || actors.Contains(record.Actor.Id)))
                .OrderByDescending(record => record.OccurredAt)
                .ThenByDescending(record => record.Id.ToString("D"), StringComparer.Ordinal)
                .Select(record => record.Id)
                .ToList();

            var paged = new List<Guid>();
            AuditPosition? after = null;
            while (true)
            {
                var page = await Store.QueryAsync(new AuditStoreQuery(filter, after, limit));
                paged.AddRange(page.Select(record => record.Id));
                if (page.Count < limit)
                {
                    break;
                }

                after = new AuditPosition(page[^1].OccurredAt, page[^1].Id);
            }

            paged.Should().Equal(expected, $"pages of {limit} with {filter.ActorIds?.Count ?? 0} actor filter(s) must be the matches newest first, each once");
        }
    }

    private static AuditRecord WithText(AuditRecord record, string field, string text, bool inSecondChange = false)
    {
        var change = record.Changes[0];
        return field switch
        {
            "ActorId" => record with { Actor = record.Actor with { Id = text } },
            "ActorName" => record with { Actor = record.Actor with { DisplayName = text } },
            "Action" => record with { Action = text },
            "ResourceType" => record with { Resource = record.Resource! with { Type = text } },
            "ResourceId" => record with { Resource = record.Resource! with { Id = text } },
            "ResourceName" => record with { Resource = record.Resource! with { Name = text } },
            "Description" => record with { Description = text },
            "ChangeField" => record with { Changes = WithChange(change with { Field = text }) },
            "ChangeOldValue" => record with { Changes = WithChange(change with { OldValue = text }) },
            "ChangeNewValue" => record with { Changes = WithChange(change with { NewValue = text }) },
            "FailureReason" => record with { Outcome = AuditOutcome.Failure, FailureReason = text },
            "SourceIp" => record with { SourceIp = text },
            "UserAgent" => record with { UserAgent = text },
            "CorrelationId" => record with { CorrelationId = text },
            "TenantId" => record with { TenantId = text },
            "MetadataKey" => record with { Metadata = Some.Metadata((text, "v")) },
            "MetadataValue" => record with { Metadata = Some.Metadata(("k", text)) },
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown field."),
        };

        AuditFieldChange[] WithChange(AuditFieldChange changed) =>
            inSecondChange ? [change, changed] : [changed];
    }
}
