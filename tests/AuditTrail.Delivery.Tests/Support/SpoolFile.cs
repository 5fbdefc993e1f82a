using System.Text;
using System.Text.Json;

namespace AuditTrail.Delivery.Tests.Support;

/// <summary>Reads spool segments as docs/guarantees.md describes them: lines of <c>v1 {length} {checksum} {json}</c>.</summary>
public static class SpoolFile
{
    /// <summary>The ids of the whole lines of every segment, lanes in order, segments in order.</summary>
    public static List<Guid> ReadIds(string spoolDirectory)
    {
        var ids = new List<Guid>();
        var segments = Directory.GetFiles(spoolDirectory, "*.spool", SearchOption.AllDirectories)
            .OrderBy(path => Path.GetFileName(Path.GetDirectoryName(path)), StringComparer.Ordinal)
            .ThenBy(path => Path.GetFileName(path), StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            var text = Encoding.UTF8.GetString(File.ReadAllBytes(segment));
            foreach (var line in text.Split('\n')[..^1])
            {
                var parts = line.Split(' ', 4);
                parts[0].Should().Be("v1");
                using var json = JsonDocument.Parse(parts[3]);
                ids.Add(json.RootElement.GetProperty("id").GetGuid());
            }
        }

        return ids;
    }
}
