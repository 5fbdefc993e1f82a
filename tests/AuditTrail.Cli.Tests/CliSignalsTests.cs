using System.Diagnostics;
using AuditTrail.Cli.Commands;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// Runs alone: the tests signal the whole test process, and a host another test started meanwhile (its console
/// lifetime handles SIGINT and SIGTERM too) would stop.
/// </summary>
[CollectionDefinition(nameof(ProcessSignalsGroup), DisableParallelization = true)]
public sealed class ProcessSignalsGroup;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM belong to the tool from the start of its Main: a signal that arrives while a command
/// opens its store cancels the command (exit 2, nothing left behind) instead of killing the process under it or being
/// lost. The tests signal their own process, which <see cref="CliSignals"/> keeps alive.
/// </summary>
[Collection(nameof(ProcessSignalsGroup))]
public sealed class CliSignalsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task Register_SigInt_CancelsTheTokenAndKeepsTheProcess()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // No kill(1) to send a signal with.
        }

        using var signals = CliSignals.Register();

        await SignalOwnProcessAsync("INT");

        (await CancelledWithinAsync(signals.Token)).Should().BeTrue("the first SIGINT cancels the command's token");
    }

    [Fact]
    public async Task Register_SigTerm_CancelsTheToken()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var signals = CliSignals.Register();

        await SignalOwnProcessAsync("TERM");

        (await CancelledWithinAsync(signals.Token)).Should().BeTrue("SIGTERM cancels the command as SIGINT does");
    }

    [Fact]
    public async Task RunAsync_ExportSignalledBeforeItStarts_ExitsTwoCancelled_AndLeavesNoFileNorRecord()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await _trail.WriteAsync(TestTrail.Hourly(Start, 20, ("user.login", AuditActionType.Security)));
        var output = _trail.PathOf("out.csv");
        using var signals = CliSignals.Register();
        await SignalOwnProcessAsync("INT");
        (await CancelledWithinAsync(signals.Token)).Should().BeTrue();

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AuditTrailCommand.RunAsync(
            ["export", "--sqlite", _trail.Database, "--format", "csv", "--out", output],
            new CliContext(stdout, stderr, false),
            signals.Token);

        exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
        stderr.ToString().Should().Contain("cancelled");
        Directory.GetFiles(_trail.PathOf(".")).Select(Path.GetFileName).Should().NotContain(name => name!.Contains("out.csv", StringComparison.Ordinal));
        await using var store = _trail.OpenStore();
        var exported = await store.QueryAsync(new AuditStoreQuery(new AuditFilter { Actions = [AuditActions.AuditExported] }, null, 10));
        exported.Should().BeEmpty("an export that was cancelled is not recorded as one");
    }

    private static async Task SignalOwnProcessAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {Environment.ProcessId}") { UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        kill.ExitCode.Should().Be(0);
    }

    private static async Task<bool> CancelledWithinAsync(CancellationToken token)
    {
        // A bounded poll: the runtime delivers the signal on a thread of its own.
        var stopwatch = Stopwatch.StartNew();
        while (!token.IsCancellationRequested && stopwatch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10, CancellationToken.None);
        }

        return token.IsCancellationRequested;
    }
}
