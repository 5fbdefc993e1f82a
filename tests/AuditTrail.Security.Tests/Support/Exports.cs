using System.Text;

namespace AuditTrail.Security.Tests.Support;

/// <summary>Exports through the public reader as an admin.</summary>
internal static class Exports
{
    public static async Task<string> ExportAsync(this IAuditReader reader, AuditExportFormat format, AuditQuery? query = null)
    {
        using var stream = new MemoryStream();
        await reader.ExportAsync(AuditViewer.Admin("inspector"), query ?? new AuditQuery(), format, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The cells of every text field of a record in the CSV's column order, for comparison with what was stored.</summary>
    public static IReadOnlyDictionary<int, string?> TextCells(AuditRecord record) => new Dictionary<int, string?>
    {
        [3] = record.Actor.DisplayName,
        [4] = record.Actor.Id,
        [7] = record.Action,
        [9] = record.FailureReason,
        [10] = record.Resource?.Type,
        [11] = record.Resource?.Id,
        [12] = record.Resource?.Name,
        [13] = record.Description,
        [15] = record.SourceIp,
        [16] = record.UserAgent,
        [17] = record.CorrelationId,
        [18] = record.TenantId,
    };
}
