using System.Globalization;
using System.Text;
using AuditTrail.Cli.Progress;

namespace AuditTrail.Cli.Stats;

/// <summary><see cref="StoreStats"/> as a plain text table, for people.</summary>
internal static class StatsText
{
    public static string Format(StoreStats stats)
    {
        var text = new StringBuilder();
        Row(text, "store", stats.Store);
        Row(text, "rows", Number(stats.Rows));
        Row(text, "size", $"{ByteSize.Format(stats.SizeBytes)} ({string.Join(", ", stats.Size.Select(part => $"{part.Name} {ByteSize.Format(part.Count)}"))})");
        Row(text, "oldest", Time(stats.Oldest));
        Row(text, "newest", Time(stats.Newest));
        Row(text, "chain head", stats.HeadSequence == 0 ? "none (nothing written)" : $"row {Number(stats.HeadSequence)}");
        Row(text, "retention anchor", stats.AnchorSequence == 0 ? "none (nothing purged)" : $"row {Number(stats.AnchorSequence)}");
        Row(text, "search index", stats.SearchIndex.UnindexedRows == 0
            ? $"built through row {Number(stats.SearchIndex.IndexedThroughSequence)} (complete)"
            : $"built through row {Number(stats.SearchIndex.IndexedThroughSequence)} of {Number(stats.SearchIndex.LatestSequence)} ({Number(stats.SearchIndex.UnindexedRows)} row(s) not indexed yet)");
        Row(text, "spool", stats.Spool is { } spool
            ? $"{Number(spool.PendingFiles)} pending file(s), {ByteSize.Format(spool.PendingBytes)} in {spool.Directory}"
            : "none found (give --spool <dir>)");
        Table(text, "action type", stats.ByActionType);
        Table(text, "action prefix", stats.ByActionPrefix);
        return text.ToString();
    }

    private static void Row(StringBuilder text, string name, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"{name,-17} {value}").AppendLine();

    private static void Table(StringBuilder text, string title, IReadOnlyList<StatsCount> counts)
    {
        text.AppendLine();
        var width = Math.Max(title.Length, counts.Count == 0 ? 0 : counts.Max(count => count.Name.Length));
        text.Append(CultureInfo.InvariantCulture, $"{title.PadRight(width)}  {"rows",12}").AppendLine();
        text.Append('-', width).Append("  ").Append('-', 12).AppendLine();
        foreach (var count in counts)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Printable(count.Name).PadRight(width)}  {Number(count.Count),12}").AppendLine();
        }
    }

    /// <summary>Stored action codes with line breaks or control characters stay on their own line.</summary>
    private static string Printable(string value) =>
        string.Concat(value.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? $"\\u{(int)c:x4}" : c.ToString()));

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "none (no rows)";
}
