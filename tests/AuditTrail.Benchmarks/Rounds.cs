using System.Globalization;

namespace AuditTrail.Benchmarks;

/// <summary>What the scenarios that run alternating rounds report of them: the median, and every round's value in order.</summary>
internal static class Rounds
{
    /// <summary>The median of <paramref name="values"/> (of an even count, the mean of the middle two).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Every round's value in order, as whole numbers (<c>"4389 / 6352 / 5187"</c>).</summary>
    public static string List(IEnumerable<double> values) => string.Join(" / ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));
}
