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
    /// <summary>
    /// The planned <paramref name="months"/> split into those the purge dropped and those still there: a drop that met a
    /// reader's lock (a long export or verification) gave up, and their records went row by row instead.
    /// </summary>
    public static async Task<(IReadOnlyList<PostgreSqlPartitionDrop> Dropped, IReadOnlyList<PostgreSqlPartitionDrop> Kept)> SplitAsync(
        IAuditStore store, IReadOnlyList<PostgreSqlPartitionDrop> months, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (months.Count == 0 || store is not PostgreSqlAuditStore postgres)
        {
            return (months, []);
        }

        var left = (await postgres.PlanPartitionDropsAsync(cutoff, cancellationToken).ConfigureAwait(false)).Select(month => month.Name).ToHashSet(StringComparer.Ordinal);
        return ([.. months.Where(month => !left.Contains(month.Name))], [.. months.Where(month => left.Contains(month.Name))]);
    }

    /// <summary>The warning about the months a purge could not drop, after the store's <see cref="PostgreSqlAuditStore.PartitionDropLockTimeout"/>.</summary>
    public static string DescribeKept(IReadOnlyList<PostgreSqlPartitionDrop> kept) => DescribeKept(kept, PostgreSqlAuditStore.PartitionDropLockTimeout);

    /// <summary>The warning about the months a purge could not drop, its drops giving up after <paramref name="lockTimeout"/>.</summary>
    public static string DescribeKept(IReadOnlyList<PostgreSqlPartitionDrop> kept, TimeSpan lockTimeout) =>
        $"warning: the month partition(s) {string.Join(", ", kept.Select(month => month.Name))} were not dropped: a drop gives up after {PurgeLockWait.Describe(lockTimeout)} while " +
        "another transaction (a long read, export or verification) holds a lock on the table; their records went row by row instead, and a later purge drops the months.";

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
