using System.Text;

namespace AuditTrail.Browser.Tests.Support;

/// <summary>Reads an RFC 4180 file (quoted cells, doubled quotes, line breaks inside cells) into rows by header name.</summary>
internal static class Csv
{
    public static List<Dictionary<string, string>> ReadWithHeader(string text)
    {
        var rows = Parse(text);
        var header = rows[0];
        return rows.Skip(1)
            .Select(row => header.Select((name, index) => (name, value: index < row.Count ? row[index] : string.Empty))
                .ToDictionary(cell => cell.name, cell => cell.value, StringComparer.Ordinal))
            .ToList();
    }

    private static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
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
            else if (c is '\r' or '\n')
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
}
