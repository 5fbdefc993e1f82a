using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AuditTrail.Benchmarks;

/// <summary>One measurement; ratios are null where no baseline applies.</summary>
internal sealed record Measurement(
    string Scenario, string Metric, double Value, string Unit, double? RatioVsLimit = null, double? RatioVsNaive = null, double? RatioVsPeer = null);

internal sealed class Report
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly List<Measurement> _rows = [];

    public void Add(Measurement m)
    {
        _rows.Add(m);
        Console.Error.WriteLine(Invariant($"  {m.Scenario,-8} {m.Metric,-52} {m.Value,14:0.###} {m.Unit}"));
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(Invariant($"| {"scenario",-8} | {"metric",-52} | {"value",14} | {"unit",-9} | {"vs limit",8} | {"vs naive",8} | {"vs peer",8} |"));
        output.WriteLine(Invariant($"|{new string('-', 10)}|{new string('-', 54)}|{new string('-', 16)}|{new string('-', 11)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 10)}|"));
        foreach (var m in _rows)
        {
            output.WriteLine(Invariant($"| {m.Scenario,-8} | {m.Metric,-52} | {m.Value,14:0.###} | {m.Unit,-9} | {Ratio(m.RatioVsLimit),8} | {Ratio(m.RatioVsNaive),8} | {Ratio(m.RatioVsPeer),8} |"));
        }

        output.WriteLine();
        foreach (var m in _rows)
        {
            output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["scenario"] = m.Scenario,
                ["metric"] = m.Metric,
                ["value"] = Math.Round(m.Value, 4),
                ["unit"] = m.Unit,
                ["ratio_vs_limit"] = m.RatioVsLimit is { } l ? Math.Round(l, 4) : null,
                ["ratio_vs_naive"] = m.RatioVsNaive is { } n ? Math.Round(n, 4) : null,
                ["ratio_vs_peer"] = m.RatioVsPeer is { } p ? Math.Round(p, 4) : null,
            }, JsonOptions));
        }
    }

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
