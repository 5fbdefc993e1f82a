using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AuditTrail.Benchmarks.Tests.Support;

namespace AuditTrail.Benchmarks.Tests;

/// <summary>How the harness fails on a bad command line or a missing server: one clear line, no stack trace.</summary>
public sealed class HarnessCommandLineTests
{
    [Fact]
    public async Task Main_DirIsAFile_FailsNamingTheOptionWithoutAStackTrace()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await HarnessProcess.RunAsync(new Dictionary<string, string?>(), "ingest", "--events", "1", "--dir", file);

            result.ExitCode.Should().Be(2);
            result.Error.Should().Contain("--dir").And.Contain(file).And.NotContain("Unhandled exception");
            File.Exists(file).Should().BeTrue("the file --dir named is left as it was");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Main_PostgreSqlNotListening_FailsNamingTheServerWithoutAStackTrace()
    {
        // A port nothing listens on: bound, then released.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await HarnessProcess.RunAsync(
            new Dictionary<string, string?> { ["PGHOST"] = "127.0.0.1", ["PGPORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["PGPASSWORD"] = "not-shown" },
            "ingest-pg", "--quick", "--events", "1");

        result.ExitCode.Should().Be(1);
        result.Error.Should().Contain($"error: PostgreSQL at 127.0.0.1:{port} (PGHOST, PGPORT)")
            .And.NotContain("Unhandled exception").And.NotContain("   at ").And.NotContain("not-shown");
    }

    [Fact]
    public async Task Main_TerminatedMidRun_DeletesTheFolderItCreated()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { typeof(PeerBaseline).Assembly.Location, "ingest", "--events", "100000" })
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("PGHOST");
        using var harness = Process.Start(info)!;
        _ = harness.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var banner = await harness.StandardError.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The harness printed nothing.");
        var folder = banner[(banner.IndexOf("files in ", StringComparison.Ordinal) + "files in ".Length)..];
        _ = harness.StandardError.ReadToEndAsync();
        try
        {
            // Bounded poll: the run has written its first store file.
            while (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.db").Length == 0)
            {
                timeout.Token.ThrowIfCancellationRequested();
                await Task.Delay(50, timeout.Token);
            }

            using (var kill = Process.Start("kill", ["-TERM", harness.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                await kill.WaitForExitAsync(timeout.Token);
            }

            await harness.WaitForExitAsync(timeout.Token);

            Directory.Exists(folder).Should().BeFalse("the harness deletes the folder it made for its files when it is terminated");
        }
        finally
        {
            if (!harness.HasExited)
            {
                harness.Kill(entireProcessTree: true);
            }

            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Main_UnknownScenario_FailsNamingItWithExitCode2()
    {
        var result = await HarnessProcess.RunAsync(new Dictionary<string, string?>(), "ingest-nope");

        result.ExitCode.Should().Be(2);
        result.Error.Should().Contain("unknown scenario 'ingest-nope'");
    }
}
