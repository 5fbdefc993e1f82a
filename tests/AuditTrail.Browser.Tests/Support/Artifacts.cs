namespace AuditTrail.Browser.Tests.Support;

/// <summary>Where tests leave files for people to look at: <c>artifacts/</c> of the repository (as <c>.ci/run</c> uses it).</summary>
internal static class Artifacts
{
    public static string Folder(string name)
    {
        var root = RepositoryRoot() ?? AppContext.BaseDirectory;
        var folder = Path.Combine(root, "artifacts", name);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private static string? RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuditTrail.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
