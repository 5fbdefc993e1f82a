using System.Reflection;
using AuditTrail.Relational;

namespace AuditTrail.Sqlite.Tests;

/// <summary>The relational column names are those of the record's description, never a second spelling of them.</summary>
public sealed class AuditColumnsTests
{
    [Fact]
    public void EveryColumnConstant_IsItsFieldsColumn_OrTheStoresOwn()
    {
        var constants = typeof(AuditColumns).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.Name is not (nameof(AuditColumns.ChangeField) or nameof(AuditColumns.ChangeOldValue) or nameof(AuditColumns.ChangeNewValue)))
            .ToDictionary(field => field.Name, field => (string)field.GetRawConstantValue()!);

        constants.Remove(nameof(AuditColumns.Seq)).Should().BeTrue();
        constants.Remove(nameof(AuditColumns.Hash)).Should().BeTrue();
        constants.Remove(nameof(AuditColumns.Tombstone)).Should().BeTrue("a tombstone's reason is the store's own, not a field of the record");
        constants.Remove(nameof(AuditColumns.ContentDigest)).Should().BeTrue();
        constants.Should().BeEquivalentTo(AuditRecordFields.Stored.ToDictionary(field => field.Name, field => field.Column));
    }

    [Fact]
    public void Data_IsTheStoredFieldsColumns_InTheirOrder()
    {
        AuditColumns.Data.Should().Equal(AuditRecordFields.Stored.Select(field => field.Column));
        AuditColumns.Inserted.Should().Equal([AuditColumns.Seq, .. AuditColumns.Data, AuditColumns.Hash]);
    }

    [Fact]
    public void SearchedText_IsTheSearchedTextFields()
    {
        AuditColumns.SearchedText.Should().Equal(AuditRecordFields.Searched.Where(field => field.Kind == AuditRecordFieldKind.Text).Select(field => field.Column));
        AuditColumns.SearchedText.Should().Contain([AuditColumns.ActorId, AuditColumns.Description, AuditColumns.SourceIp]);
    }
}
