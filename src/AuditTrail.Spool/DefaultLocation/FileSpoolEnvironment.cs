using System.Reflection;

namespace AuditTrail.Spool;

/// <summary>
/// What the default spool directory is derived from when the host runs without <c>IHostEnvironment</c> or on another
/// machine: the per-user local application data folder and the entry assembly's name. Registered once by
/// <c>UseFileSpool()</c>; tests register their own to keep out of the real home directory.
/// </summary>
/// <param name="DataFolder">The per-user local application data folder (on Linux <c>$XDG_DATA_HOME</c> or <c>~/.local/share</c>), or empty when there is none.</param>
/// <param name="EntryAssemblyName">The entry assembly's name, the application's name when no host says it.</param>
internal sealed record FileSpoolEnvironment(string? DataFolder, string? EntryAssemblyName)
{
    /// <summary>This process's folder and entry assembly.</summary>
    public static FileSpoolEnvironment Current() => new(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify),
        Assembly.GetEntryAssembly()?.GetName().Name);
}
