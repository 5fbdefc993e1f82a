namespace AuditTrail.Snippets.Tests;

/// <summary>
/// What a marked block is compiled inside: the kind of project a newcomer would paste it into (its implicit usings),
/// the variables a fragment's text assumes (declared before it) and the reader's own types it names (declared after
/// it). Every name here is listed in this project's README, so a snippet's text can say what it assumes.
/// </summary>
/// <param name="Name">The word after the kind in the marker.</param>
/// <param name="Web">The project is an ASP.NET Core one (Microsoft.NET.Sdk.Web's implicit usings), not a console one.</param>
/// <param name="Prelude">Statements before a fragment.</param>
/// <param name="Types">Declarations after the block.</param>
public sealed record SnippetWrapper(string Name, bool Web, string Prelude, string Types)
{
    /// <summary>The implicit usings of <c>dotnet new console</c> and <c>dotnet new classlib</c> (Microsoft.NET.Sdk).</summary>
    public static readonly IReadOnlyList<string> ConsoleUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>The implicit usings of <c>dotnet new web</c> (Microsoft.NET.Sdk.Web).</summary>
    public static readonly IReadOnlyList<string> WebUsings =
    [
        .. ConsoleUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration",
        "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>A console project and nothing around the block.</summary>
    public static readonly SnippetWrapper Console = new("console", Web: false, Prelude: "", Types: "");

    /// <summary>An ASP.NET Core project and nothing around the block.</summary>
    public static readonly SnippetWrapper WebProgram = new("web", Web: true, Prelude: "", Types: "");

    /// <summary>The fragment wrappers by name.</summary>
    public static readonly IReadOnlyDictionary<string, SnippetWrapper> Fragments = new Dictionary<string, SnippetWrapper>(StringComparer.Ordinal)
    {
        // A console app's registration code: services, its configuration, a connection string, a store of the reader's own.
        ["services"] = new(
            "services",
            Web: false,
            Prelude: """
                global::Microsoft.Extensions.DependencyInjection.IServiceCollection services = new global::Microsoft.Extensions.DependencyInjection.ServiceCollection();
                global::Microsoft.Extensions.Configuration.IConfiguration configuration = new global::Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
                string connectionString = configuration["ConnectionStrings:audit"] ?? "";
                global::AuditTrail.IAuditStore myStore = null!; // compiled, never run
                """,
            Types: ""),

        // An ASP.NET Core Program.cs after `var builder = WebApplication.CreateBuilder(args);` and `var app = builder.Build();`,
        // with the sign-in example's own user store.
        ["web"] = new(
            "web",
            Web: true,
            Prelude: """
                global::Microsoft.AspNetCore.Builder.WebApplicationBuilder builder = global::Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);
                global::Microsoft.AspNetCore.Builder.WebApplication app = builder.Build();
                """,
            Types: """
                internal sealed record LoginForm(string UserName, string Password);
                internal sealed record AppUser(string Id, string DisplayName);
                internal sealed class UserStore
                {
                    public global::System.Threading.Tasks.Task<AppUser?> FindAsync(string userName) =>
                        global::System.Threading.Tasks.Task.FromResult<AppUser?>(null);
                    public bool CheckPassword(AppUser user, string password) => false;
                }
                """),
    };

    /// <summary>The class wrappers by name: the reader's own types that a block of declarations uses.</summary>
    public static readonly IReadOnlyDictionary<string, SnippetWrapper> Classes = new Dictionary<string, SnippetWrapper>(StringComparer.Ordinal)
    {
        // The store under test of the Conformance README, here a SQLite file of its own per instance.
        ["conformance"] = new(
            "conformance",
            Web: false,
            Prelude: "",
            Types: """
                public sealed class MyTestDatabase : global::System.IDisposable
                {
                    private readonly string _path = global::System.IO.Path.Combine(global::System.IO.Path.GetTempPath(), global::System.Guid.NewGuid().ToString("N") + ".db");
                    public global::AuditTrail.IAuditStore CreateStore() =>
                        new global::AuditTrail.Sqlite.SqliteAuditStore(new global::AuditTrail.Sqlite.SqliteAuditStoreOptions { DatabasePath = _path });
                    public async global::System.Threading.Tasks.Task<global::System.Data.Common.DbConnection> OpenConnectionAsync()
                    {
                        var connection = new global::Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _path);
                        await connection.OpenAsync();
                        return connection;
                    }
                    public void Dispose() => global::System.IO.File.Delete(_path);
                }
                """),
    };
}
