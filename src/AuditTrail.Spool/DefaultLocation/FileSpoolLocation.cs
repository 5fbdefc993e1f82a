using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AuditTrail.Spool;

/// <summary>
/// Where the file spool keeps events, decided once from <see cref="AuditSpoolOptions"/>: the host's directory, the
/// store's (SQLite's <c>{database file}.spool</c>, set as <see cref="AuditSpoolOptions.Directory"/>), or the default one
/// of this application (<see cref="FileSpoolDefaultDirectory"/>), which is created owner-only here.
/// </summary>
/// <param name="Directory">The spool directory, or <see langword="null"/> for no spool.</param>
/// <param name="Problem">Why the default directory cannot be used (then <paramref name="Directory"/> is <see langword="null"/>).</param>
/// <param name="Warning">What is wrong with a directory that is used anyway.</param>
internal sealed record FileSpoolLocation(string? Directory, string? Problem = null, string? Warning = null)
{
    /// <summary>Decides with the services' environment: <see cref="IHostEnvironment"/>, <see cref="FileSpoolEnvironment"/>, <see cref="FileSpoolStoreIdentity"/>.</summary>
    public static FileSpoolLocation Resolve(AuditSpoolOptions options, IServiceProvider services)
    {
        if (options.Disabled)
        {
            return new FileSpoolLocation(Directory: null);
        }

        if (options.Directory is { } directory)
        {
            return Chosen(directory);
        }

        var environment = services.GetService<FileSpoolEnvironment>() ?? FileSpoolEnvironment.Current();
        var application = services.GetService<IHostEnvironment>()?.ApplicationName is { Length: > 0 } name ? name : environment.EntryAssemblyName;
        return Default(environment.DataFolder, application, services.GetService<FileSpoolStoreIdentity>()?.Describe(services));
    }

    /// <summary>A directory the host or the store chose: used as it is, with a warning when group or others may write to it.</summary>
    public static FileSpoolLocation Chosen(string directory)
    {
        var path = Path.GetFullPath(directory);
        return OwnerOnlyDirectory.SharedWriteMode(path) is { } mode
            ? new FileSpoolLocation(path, Warning:
                $"The audit spool directory '{path}' is writable by group or others (mode {mode}): another account could add " +
                "events to the trail or remove spooled ones. Make it owner-only (chmod 700) unless accounts share it on purpose.")
            : new FileSpoolLocation(path);
    }

    /// <summary>The default directory under <paramref name="dataFolder"/>, created owner-only and tried for writing; or why it cannot be used.</summary>
    public static FileSpoolLocation Default(string? dataFolder, string? application, string? storeIdentity)
    {
        if (string.IsNullOrEmpty(dataFolder) || !Path.IsPathFullyQualified(dataFolder))
        {
            return new FileSpoolLocation(Directory: null, Problem:
                "this account has no local application data folder for the default spool directory " +
                "(on Linux $XDG_DATA_HOME or $HOME/.local/share; HOME is not set)");
        }

        var path = FileSpoolDefaultDirectory.Under(dataFolder, application, storeIdentity);
        if (GetWriteProblem(path) is { } problem)
        {
            return new FileSpoolLocation(Directory: null, Problem: $"the default spool directory '{path}' {problem}");
        }

        if (OwnerOnlyDirectory.SharedWriteMode(path) is { } mode)
        {
            return new FileSpoolLocation(Directory: null, Problem:
                $"the default spool directory '{path}' is writable by group or others (mode {mode}); " +
                "make it owner-only (chmod 700) or choose another directory");
        }

        return new FileSpoolLocation(path);
    }

    /// <summary>
    /// Creates <paramref name="path"/> (owner-only, as the spool would) and writes a probe file in it; returns why
    /// that failed, as the end of a sentence about the directory ("cannot be created or written: …"), or <see langword="null"/>.
    /// </summary>
    public static string? GetWriteProblem(string path)
    {
        try
        {
            OwnerOnlyDirectory.Create(path);

            // Creating an existing directory succeeds on a read-only file system: only a write shows that events would be kept.
            using (new FileStream(Path.Combine(path, $".probe-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"cannot be created or written: {ex.Message.TrimEnd('.')}";
        }
    }
}
