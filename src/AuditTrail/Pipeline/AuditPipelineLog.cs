namespace AuditTrail;

/// <summary>The logger category of every part of the write pipeline: the one that docs/guarantees.md names and hosts filter on.</summary>
internal static class AuditPipelineLog
{
    public const string Category = "AuditTrail.Internal.AuditWriteQueue";
}
