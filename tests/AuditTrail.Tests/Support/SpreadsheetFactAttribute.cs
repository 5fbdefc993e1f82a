namespace AuditTrail.Tests.Support;

/// <summary>A fact that needs LibreOffice: skipped with the reason locally when it is missing, run (and failing) under CI.</summary>
public sealed class SpreadsheetFactAttribute : FactAttribute
{
    public SpreadsheetFactAttribute()
    {
        if (!LibreOffice.IsInstalled && !LibreOffice.IsContinuousIntegration)
        {
            Skip = LibreOffice.MissingMessage;
        }
    }
}
