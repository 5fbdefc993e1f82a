using System.Globalization;
using System.Text;

namespace AuditTrail.Samples.Console;

/// <summary>Prints records as the product page's table: User, Action, Resource, IP Address, Time.</summary>
internal static class AuditTable
{
    private static readonly (string Title, int Width)[] Columns =
        [("User", 16), ("Action", 52), ("Resource", 26), ("IP Address", 15), ("Time (UTC)", 20)];

    public static void Print(TextWriter output, string title, IReadOnlyList<AuditRecord> records, long total, DateTimeOffset now)
    {
        output.WriteLine();
        output.WriteLine($"{title}: {records.Count} newest of {total}");
        output.WriteLine(Row(Columns.Select(c => c.Title)));
        output.WriteLine(string.Join("-+-", Columns.Select(c => new string('-', c.Width))));
        foreach (var record in records)
        {
            var action = record.Outcome == AuditOutcome.Failure
                ? $"{record.Description ?? record.Action} [failed: {record.FailureReason}]"
                : record.Description ?? record.Action;
            output.WriteLine(Row(
            [
                record.Actor.DisplayName ?? record.Actor.Id,
                action,
                record.Resource is null ? string.Empty : $"{record.Resource.Type}: {record.Resource.Name ?? record.Resource.Id}",
                record.SourceIp ?? "-",
                RelativeTime(record.OccurredAt, now),
            ]));
        }
    }

    /// <summary>"Today, 2:34 PM", "Yesterday, 12:00 AM", else "Nov 27, 5:30 PM", as the page shows it.</summary>
    public static string RelativeTime(DateTimeOffset time, DateTimeOffset now)
    {
        var clock = time.UtcDateTime.ToString("h:mm tt", CultureInfo.InvariantCulture);
        var days = (now.UtcDateTime.Date - time.UtcDateTime.Date).Days;
        return days switch
        {
            0 => $"Today, {clock}",
            1 => $"Yesterday, {clock}",
            _ => time.UtcDateTime.ToString("MMM d, h:mm tt", CultureInfo.InvariantCulture),
        };
    }

    private static string Row(IEnumerable<string> cells) =>
        string.Join(" | ", cells.Zip(Columns, (cell, column) => Fit(OneLine(cell), column.Width)));

    /// <summary>Control characters are shown escaped, so a stored value can never forge a line of this output.</summary>
    private static string OneLine(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085')
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    /// <summary>The cell padded or cut to its width; a cut never keeps half of a surrogate pair (an emoji, a rare CJK character).</summary>
    private static string Fit(string value, int width)
    {
        if (value.Length <= width)
        {
            return value.PadRight(width);
        }

        var keep = char.IsHighSurrogate(value[width - 2]) ? width - 2 : width - 1;
        return string.Concat(value.AsSpan(0, keep), "…").PadRight(width);
    }
}
