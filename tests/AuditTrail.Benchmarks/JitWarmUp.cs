using System.Runtime;

namespace AuditTrail.Benchmarks;

/// <summary>
/// Warms a code path until the runtime has finished compiling it. Tiered compilation compiles a method several times
/// (quickly, then instrumented, then optimized with what the instrumented code saw), in the background, for many
/// seconds after the first calls: in writer processes warmed by 3 000 events, the JIT compiler was still busy during the
/// measured run, at about a fifth of the machine's CPU time (perf, 4 writer processes). A long-running application has
/// paid that long before; the measurement should not.
/// </summary>
internal static class JitWarmUp
{
    /// <summary>A round is settled when the runtime compiled at most this many methods during it.</summary>
    public const int SettledMethods = 10;

    /// <summary>
    /// Runs <paramref name="round"/> (given its number) until one round is settled or <paramref name="maxRounds"/>
    /// have run; returns how many ran.
    /// </summary>
    public static async Task<int> UntilSettledAsync(Func<int, Task> round, int maxRounds)
    {
        for (var r = 0; r < maxRounds; r++)
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            await round(r);
            if (JitInfo.GetCompiledMethodCount() - compiled <= SettledMethods)
            {
                return r + 1;
            }
        }

        return maxRounds;
    }
}
