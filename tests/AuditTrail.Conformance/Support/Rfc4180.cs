using System.Text;

namespace AuditTrail.Conformance.Support;

/// <summary>
/// A small RFC 4180 reader for checking exports (quoted cells, doubled quotes, CR/LF inside cells), written
/// independently of the CsvHelper writer the library uses, so that the two can disagree.
/// </summary>
public static class Rfc4180
{
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string text)
    {
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>The data rows as dictionaries keyed by the header row.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Records(string text)
    {
        var rows = Parse(text);
        var header = rows[0];
        return [.. rows.Skip(1).Select(row => (IReadOnlyDictionary<string, string>)header
            .Select((name, index) => (name, value: row[index]))
            .ToDictionary(pair => pair.name, pair => pair.value, StringComparer.Ordinal))];
    }
}
