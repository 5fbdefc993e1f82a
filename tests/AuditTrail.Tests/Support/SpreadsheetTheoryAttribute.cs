namespace AuditTrail.Tests.Support;

/// <summary>The theory form of <see cref="SpreadsheetFactAttribute"/>.</summary>
public sealed class SpreadsheetTheoryAttribute : TheoryAttribute
{
    public SpreadsheetTheoryAttribute()
    {
        if (!LibreOffice.IsInstalled && !LibreOffice.IsContinuousIntegration)
        {
            Skip = LibreOffice.MissingMessage;
        }
    }
}
