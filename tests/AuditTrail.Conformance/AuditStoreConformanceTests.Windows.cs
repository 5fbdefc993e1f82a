using AuditTrail.Conformance.Support;
using FluentAssertions;
using Xunit;

namespace AuditTrail.Conformance;

public abstract partial class AuditStoreConformanceTests
{
    /// <summary>
    /// The review reads a range in consecutive windows [e0, e1), [e1, e2) … whose edges fall anywhere, between two
    /// microseconds or exactly on records that share an instant: a store that maps From and To to its precision the same
    /// way hands every row of the range over once, in one window only, and every row of a window is older than those of
    /// the next.
    /// </summary>
    [Fact]
    public async Task StreamAsync_ARangeSplitIntoWindowsAtAnyInstant_YieldsEveryRowOnce()
    {
        var random = new Random(20261207);
        var records = Enumerable.Range(0, 400).Select(_ => Some.Record(Some.Micros(Some.Time(0), random.Next(0, 40)))).ToArray();
        await WriteAsync(records);
        var instants = records.Select(r => r.OccurredAt).Distinct().ToArray();
        var edges = new SortedSet<DateTimeOffset> { Some.Micros(Some.Time(0), -1), Some.Micros(Some.Time(0), 41) };
        foreach (var instant in instants.Take(12))
        {
            edges.Add(instant.AddTicks(random.Next(-1, 2)));
        }

        for (var i = 0; i < 12; i++)
        {
            edges.Add(Some.Time(0).AddTicks(random.Next(-10, 410)));
        }

        var whole = await StreamAllAsync(new AuditFilter { From = edges.Min, To = edges.Max });
        var windows = new List<AuditRecord>();
        var summaries = new List<AuditRecord>();
        foreach (var (from, to) in edges.Zip(edges.Skip(1)).Reverse())
        {
            windows.AddRange(await StreamAllAsync(new AuditFilter { From = from, To = to }));
            summaries.AddRange(await StreamSummariesAsync(new AuditFilter { From = from, To = to }));
        }

        whole.Select(r => r.Id).Should().Equal(AuditOrder.NewestFirstIds(records));
        windows.Select(r => r.Id).Should().Equal(whole.Select(r => r.Id), "the windows of a range split its rows without a gap, an overlap or a change of order");
        summaries.Select(r => r.Id).Should().Equal(whole.Select(r => r.Id), "summaries split the same way");
    }
}
