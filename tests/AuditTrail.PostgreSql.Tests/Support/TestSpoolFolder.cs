using AuditTrail.Spool;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.PostgreSql.Tests.Support;

/// <summary>
/// Where the default spool directories of these tests' hosts go: a temp folder in place of the account's local
/// application data folder, so that no test writes into the real home directory.
/// </summary>
public static class TestSpoolFolder
{
    private static readonly Lazy<string> Shared = new(CreateShared);

    /// <summary>Makes <paramref name="folder"/> (by default one temp folder per test run, deleted at exit) the base of the default spool directory.</summary>
    public static IServiceCollection AddTestSpoolFolder(this IServiceCollection services, string? folder = null) =>
        services.AddSingleton(new FileSpoolEnvironment(folder ?? Shared.Value, "audittrail-tests"));

    private static string CreateShared()
    {
        var folder = Directory.CreateTempSubdirectory("audittrail-pg-spool-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind does not make a test wrong.
            }
        };
        return folder;
    }
}
