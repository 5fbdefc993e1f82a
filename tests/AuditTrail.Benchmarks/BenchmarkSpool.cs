namespace AuditTrail.Benchmarks;

/// <summary>
/// Where the PostgreSQL hosts of this process keep their spool (<see cref="AuditTrailOptions.Spool"/>): one folder per
/// process under the temp directory, deleted when the process is done (<see cref="DeleteAll"/>), so that no run, nor
/// any writer process, leaves a spool folder per schema behind.
/// </summary>
internal static class BenchmarkSpool
{
    /// <summary>This process's folder of spools.</summary>
    public static string Root { get; } = Path.Combine(Path.GetTempPath(), "audittrail-bench-spools-" + Environment.ProcessId);

    /// <summary>The spool folder of a host writing to <paramref name="schema"/>.</summary>
    public static string For(string schema) => Path.Combine(Root, schema + ".spool");

    /// <summary>Deletes every spool folder of this process (once its hosts are disposed).</summary>
    public static void DeleteAll()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
