using System.Reflection;
using System.Text.Json;
using AuditTrail.Conformance.Support;

namespace AuditTrail.Tests.Shape;

/// <summary>
/// The description of the stored fields is complete (a property added to the record fails here until it is described)
/// and self-consistent (positions, accessors, the canonical order of docs/integrity.md).
/// </summary>
public sealed class AuditRecordFieldsTests
{
    [Fact]
    public void EveryPublicPropertyOfTheRecord_IsAStoredField_AndEveryFieldIsAProperty()
    {
        // Actor, Resource and TargetUser are stored as their parts; every other property is one field.
        var paths = Properties<AuditRecord>(prefix: null)
            .Where(path => path is not nameof(AuditRecord.Actor) and not nameof(AuditRecord.Resource) and not nameof(AuditRecord.TargetUser))
            .Concat(Properties<AuditActor>(nameof(AuditRecord.Actor)))
            .Concat(Properties<AuditResource>(nameof(AuditRecord.Resource)))
            .Concat(Properties<AuditTargetUser>(nameof(AuditRecord.TargetUser)));

        AuditRecordFields.Stored.Select(field => field.Path).Should().BeEquivalentTo(paths);
    }

    [Fact]
    public void EveryPublicPropertyOfAChange_IsInItsStoredForm()
    {
        var change = new AuditFieldChange("f", "o", "n");
        using var stored = JsonDocument.Parse(AuditStoredJson.FormatChanges([change]));

        var values = stored.RootElement[0].EnumerateObject().Select(property => property.Value.GetString()).ToList();

        values.Should().Equal("f", "o", "n");
        Properties<AuditFieldChange>(prefix: null).Should().HaveCount(values.Count, "each property of a change has a place in its stored form");
        AuditStoredJson.ParseChanges(AuditStoredJson.FormatChanges([change])).Should().Equal(change);
    }

    [Fact]
    public void Positions_AreEachListsIndex_WithoutGapsOrRepeats()
    {
        AuditRecordFields.Stored.Select(field => field.Position).Should().Equal(Enumerable.Range(0, AuditRecordFields.Stored.Count));
        AuditRecordFields.Hashed.Select(field => field.HashPosition).Should().Equal(Enumerable.Range(0, AuditRecordFields.Hashed.Count));
        AuditRecordFields.Exported.Select(field => field.ExportPosition).Should().Equal(Enumerable.Range(0, AuditRecordFields.Exported.Count));

        // Every stored field is hashed and exported, but one hashed in the place of another, which is neither.
        var substitutes = AuditRecordFields.Stored.Where(field => field.HashedInPlaceOf is not null).ToList();
        substitutes.Should().Equal(AuditRecordFields.SourceIpAsHashed);
        AuditRecordFields.Hashed.Should().BeEquivalentTo(AuditRecordFields.Stored.Except(substitutes));
        AuditRecordFields.Exported.Should().BeEquivalentTo(AuditRecordFields.Stored.Except(substitutes));
        AuditRecordFields.Searched.Should().NotContain(substitutes);
        AuditRecordFields.SourceIp.HashedAs.Should().BeSameAs(AuditRecordFields.SourceIpAsHashed);
        AuditRecordFields.Stored.Select(field => field.Column).Should().OnlyHaveUniqueItems();
        AuditRecordFields.Stored.Select(field => field.ExportHeader).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void Hashed_IsTheCanonicalOrderOfTheIntegrityDocument()
    {
        // canonical_v1, then what canonical_v2 appends (docs/integrity.md): the on-disk format, never reordered.
        AuditRecordFields.Hashed.Where(field => field.HashVersion == 1).Select(field => field.Path).Should().Equal(
            "Id", "OccurredAt", "RecordedAt", "Actor.Type", "Actor.Id", "Actor.DisplayName", "Action", "ActionType", "Outcome",
            "FailureReason", "Resource.Type", "Resource.Id", "Resource.Name", "Description", "Changes", "SourceIp", "UserAgent",
            "CorrelationId", "TenantId", "Metadata");
        AuditRecordFields.Hashed.Select(field => field.Path).Should().EndWith(["TargetUser.Id", "TargetUser.DisplayName"]);
        AuditRecordFields.Hashed.Select(field => field.HashVersion).Should().BeInAscendingOrder().And.OnlyContain(version => version == 1 || version == 2);
    }

    [Fact]
    public void Accessors_GiveEachPropertysValue_EnumsAsTheirNames()
    {
        var record = Some.FullRecord();
        foreach (var field in AuditRecordFields.Stored)
        {
            var value = ValueAt(record, field.Path);
            switch (field.Kind)
            {
                case AuditRecordFieldKind.Id:
                    field.GetId(record).Should().Be((Guid)value!);
                    break;
                case AuditRecordFieldKind.Time:
                    field.GetTime(record).Should().Be((DateTimeOffset)value!);
                    break;
                case AuditRecordFieldKind.Enum:
                    field.GetText(record).Should().Be(value!.ToString());
                    break;
                case AuditRecordFieldKind.Changes:
                    field.GetChanges(record).Should().BeSameAs(record.Changes);
                    break;
                case AuditRecordFieldKind.Metadata:
                    field.GetMetadata(record).Should().BeSameAs(record.Metadata);
                    break;
                default:
                    field.GetText(record).Should().Be((string?)value, field.Name);
                    break;
            }
        }
    }

    [Fact]
    public void Accessors_OfAnotherKind_Throw()
    {
        var record = Some.Record();

        FluentActions.Invoking(() => AuditRecordFields.Id.GetText(record)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => AuditRecordFields.Action.GetTime(record)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => AuditRecordFields.Metadata.GetChanges(record)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Nullable_IsWhatTheRecordsTypesAllow()
    {
        var nullability = new NullabilityInfoContext();
        foreach (var field in AuditRecordFields.Stored.Where(field => field.Kind == AuditRecordFieldKind.Text))
        {
            var parts = field.Path.Split('.');
            var property = parts.Length == 1
                ? typeof(AuditRecord).GetProperty(parts[0])!
                : typeof(AuditRecord).GetProperty(parts[0])!.PropertyType.GetProperty(parts[1])!;
            var ownerNullable = parts.Length == 2 && nullability.Create(typeof(AuditRecord).GetProperty(parts[0])!).ReadState == NullabilityState.Nullable;
            var nullable = ownerNullable || nullability.Create(property).ReadState == NullabilityState.Nullable;

            field.IsNullable.Should().Be(nullable, field.Name);
        }
    }

    [Fact]
    public void GetHashedText_IsTheSubstituteWhenSet_ElseTheFieldsOwnText()
    {
        var record = Some.Record() with { SourceIp = "2001:db8::1" };

        AuditRecordFields.SourceIp.GetHashedText(record).Should().Be("2001:db8::1");
        AuditRecordFields.SourceIp.GetHashedText(record with { SourceIpAsHashed = "2001:DB8::1" }).Should().Be("2001:DB8::1");
        AuditRecordFields.Action.GetHashedText(record).Should().Be(record.Action);
    }

    [Fact]
    public void TryFindByColumn_IgnoresCase_AndKnowsOnlyStoredColumns()
    {
        AuditRecordFields.TryFindByColumn("ACTOR_ID", out var field).Should().BeTrue();
        field.Should().BeSameAs(AuditRecordFields.ActorId);
        AuditRecordFields.TryFindByColumn("seq", out _).Should().BeFalse();
    }

    private static IEnumerable<string> Properties<T>(string? prefix) =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.Name != "EqualityContract")
            .Select(property => prefix is null ? property.Name : prefix + "." + property.Name);

    private static object? ValueAt(object? owner, string path)
    {
        foreach (var name in path.Split('.'))
        {
            owner = owner?.GetType().GetProperty(name)!.GetValue(owner);
        }

        return owner;
    }
}
