namespace AuditTrail.Tests.Shape;

/// <summary>
/// The stores' form of changes and metadata is part of the on-disk format: rows written before must read back, and
/// the SQLite range checker confirms hashes only for exactly this form. The expected texts are what the hand-written
/// writer of earlier versions wrote.
/// </summary>
public sealed class AuditStoredJsonTests
{
    [Fact]
    public void FormatChanges_IsFieldOldNew_InThatOrder_RelaxedEscaping()
    {
        var json = AuditStoredJson.FormatChanges([new AuditFieldChange("naïve <b>", null, "\"q\" \n 😀"), new AuditFieldChange("x", "", null)]);

        json.Should().Be("""[{"field":"naïve <b>","old":null,"new":"\"q\" \n \uD83D\uDE00"},{"field":"x","old":"","new":null}]""");
    }

    [Fact]
    public void FormatMetadata_KeysInOrdinalOrder_WhateverTheMapsOrder()
    {
        var json = AuditStoredJson.FormatMetadata(new Dictionary<string, string> { ["b"] = "2", ["B"] = "1", ["ä"] = "3", ["a"] = "0" });

        json.Should().Be("""{"B":"1","a":"0","b":"2","ä":"3"}""");
    }

    [Fact]
    public void Format_Nothing_IsTheEmptyForms()
    {
        AuditStoredJson.FormatChanges([]).Should().Be(AuditStoredJson.NoChanges).And.Be("[]");
        AuditStoredJson.FormatMetadata(new Dictionary<string, string>()).Should().Be(AuditStoredJson.NoMetadata).And.Be("{}");
    }

    [Fact]
    public void Format_AdaptsEveryString_WithTheGivenRule()
    {
        static string Upper(string text) => text.ToUpperInvariant();

        AuditStoredJson.FormatChanges([new AuditFieldChange("f", "o", null)], Upper).Should().Be("""[{"field":"F","old":"O","new":null}]""");
        AuditStoredJson.FormatMetadata(new Dictionary<string, string> { ["k"] = "v" }, Upper).Should().Be("""{"K":"V"}""");
    }

    [Fact]
    public void Parse_ReadsWhatFormatWrote_MetadataOrderedOrdinally()
    {
        AuditFieldChange[] changes = [new("f", null, "n"), new("g", "o", null)];
        var metadata = new Dictionary<string, string> { ["z"] = "1", ["Z"] = "2" };

        AuditStoredJson.ParseChanges(AuditStoredJson.FormatChanges(changes)).Should().Equal(changes);
        var read = AuditStoredJson.ParseMetadata(AuditStoredJson.FormatMetadata(metadata));
        read.Should().BeEquivalentTo(metadata);
        read.Keys.Should().Equal("Z", "z");
    }

    [Fact]
    public void Parse_FormsOfEarlierRows_MissingValuesAreNull()
    {
        AuditStoredJson.ParseChanges("""[{"field":"f"}]""").Should().Equal(new AuditFieldChange("f", null, null));
        AuditStoredJson.ParseMetadata("""{ "k" : "v" }""").Should().BeEquivalentTo(new Dictionary<string, string> { ["k"] = "v" });
        AuditStoredJson.ParseChanges("[]").Should().BeEmpty();
        AuditStoredJson.ParseMetadata("{}").Should().BeEmpty();
    }
}
