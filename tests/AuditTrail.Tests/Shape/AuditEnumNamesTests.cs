namespace AuditTrail.Tests.Shape;

/// <summary>The one place enum names are formatted and parsed: names only, as every stored and exported form spells them.</summary>
public sealed class AuditEnumNamesTests
{
    [Fact]
    public void Format_DefinedValues_AreTheirNames_AndParseBack()
    {
        foreach (var value in Enum.GetValues<AuditActionType>())
        {
            var name = AuditEnumNames.Format(value);

            name.Should().Be(value.ToString());
            AuditEnumNames.TryParse(name, out AuditActionType parsed).Should().BeTrue();
            parsed.Should().Be(value);
        }
    }

    [Fact]
    public void Format_UndefinedValue_IsItsNumber()
    {
        AuditEnumNames.Format((AuditOutcome)42).Should().Be("42");
    }

    [Theory]
    [InlineData("1")]
    [InlineData("success")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NumbersOtherCaseAndNothing_AreRefused(string? name)
    {
        AuditEnumNames.TryParse(name, out AuditOutcome _).Should().BeFalse();
    }

    [Fact]
    public void TryParseIgnoreCase_TakesAnyCase_ButNoNumbers()
    {
        AuditEnumNames.TryParseIgnoreCase("sUcCeSs", out AuditOutcome outcome).Should().BeTrue();
        outcome.Should().Be(AuditOutcome.Success);
        AuditEnumNames.TryParseIgnoreCase("0", out AuditOutcome _).Should().BeFalse();
    }

    [Fact]
    public void ParseStored_UnknownName_NamesTheColumn()
    {
        var parse = () => AuditEnumNames.ParseStored<AuditActorType>("Robot", "actor_type");

        parse.Should().Throw<InvalidDataException>().WithMessage("*'actor_type'*'Robot'*AuditActorType*");
    }
}
