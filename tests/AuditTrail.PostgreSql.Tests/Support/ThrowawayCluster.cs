using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AuditTrail.PostgreSql.Tests.Support;

/// <summary>
/// A PostgreSQL cluster of one test's own, in a temp directory on a free loopback port, that the test may stop and
/// start again without disturbing the shared server the other tests use. Made with the server's own <c>initdb</c> and
/// <c>pg_ctl</c> (the newest under <c>/usr/lib/postgresql/*/bin</c>, else <c>pg_config --bindir</c>); as root, as
/// <c>pg_virtualenv</c> and CI run, they run as the <c>postgres</c> account through <c>runuser</c>, since the server
/// refuses to run as root. Trust authentication on 127.0.0.1 only, <c>fsync</c> off; deleted on dispose.
/// </summary>
public sealed class ThrowawayCluster : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private readonly string _bin;
    private readonly string _root;
    private readonly int _port;
    private readonly string _settings;

    private ThrowawayCluster(string bin, string root, int port, string settings)
    {
        _bin = bin;
        _root = root;
        _port = port;
        _settings = settings;
    }

    /// <summary>A connection string for the <c>postgres</c> database as the superuser <c>postgres</c>.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = "postgres",
        Database = "postgres",
        ApplicationName = "audittrail-tests",
        Timeout = 5,
    }.ConnectionString;

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>Creates the cluster and starts it, with <paramref name="settings"/> (<c>name=value</c>) besides the defaults.</summary>
    public static async Task<ThrowawayCluster> StartNewAsync(params string[] settings)
    {
        if (settings.FirstOrDefault(setting => !System.Text.RegularExpressions.Regex.IsMatch(setting, "^[a-z_]+=[A-Za-z0-9_.]+$")) is { } odd)
        {
            throw new ArgumentException($"A server setting must read name=value, got '{odd}'.", nameof(settings));
        }

        var bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "The PostgreSQL server programs (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin or by pg_config; install the postgresql package.");
        var root = Directory.CreateTempSubdirectory("audittrail-pg-").FullName;
        if (Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows())
        {
            // The postgres account creates the data directory inside it.
            File.SetUnixFileMode(root, (UnixFileMode)0b111_111_111);
        }

        var cluster = new ThrowawayCluster(bin, root, FreePort(), string.Concat(settings.Select(setting => " -c " + setting)));
        try
        {
            await cluster.RunAsync("initdb", "-D", cluster.DataDirectory, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--no-locale");
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public Task StartAsync() => RunAsync(
        "pg_ctl", "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "20",
        "-o", $"-c port={_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off{_settings}", "start");

    /// <summary>Stops the server (fast shutdown: open sessions are ended) and waits until it is gone.</summary>
    public Task StopAsync() => RunAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "-t", "20", "stop");

    /// <summary>Stops the server as a crash would (immediate shutdown: no checkpoint, WAL not yet written is lost).</summary>
    public Task CrashAsync() => RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "20", "stop");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "20", "stop");
        }

        Directory.Delete(_root, recursive: true);
    }

    private static string? FindBinDirectory()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return installed ?? PgConfigBinDirectory();
    }

    private static string? PgConfigBinDirectory()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, UseShellExecute = false });
            var bin = process?.StandardOutput.ReadToEnd().Trim();
            process?.WaitForExit();
            return process?.ExitCode == 0 && File.Exists(Path.Combine(bin!, "initdb")) ? bin : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task RunAsync(string program, params string[] arguments)
    {
        var asRoot = Environment.IsPrivilegedProcess && !OperatingSystem.IsWindows();
        var start = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(_bin, program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asRoot)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", Path.Combine(_bin, program)])
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}
