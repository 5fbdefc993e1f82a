namespace AuditTrail.Sqlite.Tests.Support;

/// <summary>
/// A <c>[Fact]</c> whose other process is util-linux's flock(1), which takes the same OS lock .NET takes: skipped with a
/// clear reason off Linux or without it, unless <c>CI=true</c> (then it fails).
/// </summary>
public sealed class FlockFactAttribute : FactAttribute
{
    /// <summary>Where flock(1) is.</summary>
    public const string Executable = "/usr/bin/flock";

    public FlockFactAttribute()
    {
        if ((!OperatingSystem.IsLinux() || !File.Exists(Executable)) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"needs Linux and flock(1) at {Executable} (util-linux) to hold the purge lock from another process.";
        }
    }
}
