using System.Globalization;
using System.Text;
using AuditTrail.PostgreSql;

namespace AuditTrail.Cli.Purge;

/// <summary>
/// The lines of <c>audittrail purge</c> about the PostgreSQL partitioned layout: which month partitions go whole
/// (detached and dropped, the retention anchor in the same transaction) and how many records go row by row after them.
/// </summary>
internal static class PurgeMonths
{
    public static string Describe(string verb, IReadOnlyList<PostgreSqlPartitionDrop> months, long total)
    {
        if (months.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        var whole = months.Sum(month => month.RowCount);
        text.Append(CultureInfo.InvariantCulture, $"  {months.Count} month partition(s) {verb} whole (detached and dropped), {whole} record(s):").AppendLine();
        foreach (var month in months)
        {
            text.Append(CultureInfo.InvariantCulture, $"    {month.Name}  {month.Month.UtcDateTime:yyyy-MM}  {month.RowCount,10} record(s)");
            text.Append(month.RowCount > 0 ? string.Create(CultureInfo.InvariantCulture, $", rows {month.FirstSequence} to {month.LastSequence}") : string.Empty).AppendLine();
        }

        text.Append(CultureInfo.InvariantCulture, $"  then row by row: {Math.Max(0, total - whole)} record(s)").AppendLine();
        return text.ToString();
    }
}
