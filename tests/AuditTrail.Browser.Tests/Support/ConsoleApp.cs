using AuditTrail.Samples.WebApp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AuditTrail.Browser.Tests.Support;

/// <summary>
/// The sample web app, started in this process through its own entry point on a free loopback port
/// (<c>--urls http://127.0.0.1:0</c>, real Kestrel) with a fresh audit database in a temp folder.
/// </summary>
public sealed class ConsoleApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private ConsoleApp(WebApplication app, string directory, string baseUrl)
    {
        _app = app;
        _directory = directory;
        BaseUrl = baseUrl;
    }

    /// <summary>For example <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The app's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the app in <paramref name="environment"/> (the tests' default: Production), on <paramref name="clock"/>
    /// when given (the system clock otherwise), with <paramref name="arguments"/> after the tests' own command line and
    /// <paramref name="configureServices"/> run last.
    /// </summary>
    public static async Task<ConsoleApp> StartAsync(
        string environment = "Production",
        TimeProvider? clock = null,
        IEnumerable<string>? arguments = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "audittrail-browser-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var app = MonitoringApp.Create(
        [
            "--urls", "http://127.0.0.1:0",
            "--db", Path.Combine(directory, "audit.db"),
            "--environment", environment,
            "--Logging:LogLevel:Default", "Warning",
            .. arguments ?? [],
        ], services =>
        {
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }

            configureServices?.Invoke(services);
        });
        await app.StartAsync();

        // Kestrel reports the port it bound for port 0.
        var baseUrl = app.Urls.Single().TrimEnd('/');
        return new ConsoleApp(app, directory, baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a test for.
        }
    }
}
