using System.Globalization;

namespace AuditTrail.Benchmarks;

/// <summary>
/// How busy the machine's cores were between two readings of <c>/proc/stat</c> (every process: the harness, writer
/// processes and the database server), to tell a load that waits from one that has no core left. Linux only; elsewhere
/// <see cref="BusySince"/> is <see langword="null"/>.
/// </summary>
internal readonly record struct MachineCpu(long Busy, long Total)
{
    public static MachineCpu? Read()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the time no core had work.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Take(8).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return new MachineCpu(total - fields[3] - fields[4], total);
    }

    /// <summary>
    /// The cores' work since <paramref name="start"/>, from one reading: the share of their time spent working, in
    /// percent, and that working time in seconds, every process together (<c>/proc/stat</c> counts in the kernel's
    /// user-visible ticks, 100 a second on Linux).
    /// </summary>
    public static (double Percent, double Seconds)? BusySince(MachineCpu? start) =>
        start is { } before && Read() is { } after && after.Total > before.Total
            ? (100.0 * (after.Busy - before.Busy) / (after.Total - before.Total), (after.Busy - before.Busy) / 100.0)
            : null;
}
