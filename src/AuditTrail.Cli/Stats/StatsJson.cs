using System.Text;
using System.Text.Json;

namespace AuditTrail.Cli.Stats;

/// <summary><see cref="StoreStats"/> as one JSON object, for scripts and monitoring.</summary>
internal static class StatsJson
{
    public static string Format(StoreStats stats)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("store", stats.Store);
            json.WriteNumber("rows", stats.Rows);
            json.WriteNumber("sizeBytes", stats.SizeBytes);
            Counts(json, "size", stats.Size);
            Time(json, "oldest", stats.Oldest);
            Time(json, "newest", stats.Newest);
            json.WriteNumber("headSequence", stats.HeadSequence);
            json.WriteNumber("anchorSequence", stats.AnchorSequence);
            Counts(json, "byActionType", stats.ByActionType);
            Counts(json, "byActionPrefix", stats.ByActionPrefix);
            json.WriteStartObject("searchIndex");
            json.WriteNumber("indexedThroughSequence", stats.SearchIndex.IndexedThroughSequence);
            json.WriteNumber("latestSequence", stats.SearchIndex.LatestSequence);
            json.WriteNumber("unindexedRows", stats.SearchIndex.UnindexedRows);
            json.WriteEndObject();
            if (stats.Spool is { } spool)
            {
                json.WriteStartObject("spool");
                json.WriteString("directory", spool.Directory);
                json.WriteNumber("pendingFiles", spool.PendingFiles);
                json.WriteNumber("pendingBytes", spool.PendingBytes);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("spool");
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    private static void Counts(Utf8JsonWriter json, string name, IReadOnlyList<StatsCount> counts)
    {
        json.WriteStartObject(name);
        foreach (var count in counts)
        {
            json.WriteNumber(count.Name, count.Count);
        }

        json.WriteEndObject();
    }

    private static void Time(Utf8JsonWriter json, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            json.WriteString(name, value.ToUniversalTime());
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
