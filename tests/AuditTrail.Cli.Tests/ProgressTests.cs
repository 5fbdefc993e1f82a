using AuditTrail.Cli.Progress;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>Progress goes to standard error on a terminal only; redirected, export, verify, backup and archive write nothing there.</summary>
public sealed class ProgressTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    private string[][] LongOperations =>
    [
        ["verify", "--sqlite", _trail.Database],
        ["export", "--sqlite", _trail.Database, "--format", "jsonl", "--out", _trail.PathOf("out.jsonl")],
        ["backup", _trail.PathOf("backup.db"), "--sqlite", _trail.Database],
        ["archive", "--sqlite", _trail.Database, "--dir", _trail.PathOf("archive"), "--before", "2026-10-01T10:00:00Z"],
    ];

    [Fact]
    public void ShownByDefault_FollowsWhetherStandardErrorIsRedirected() =>
        CliProgress.ShownByDefault.Should().Be(!Console.IsErrorRedirected);

    [Fact]
    public async Task Redirected_LongOperations_WriteNothingToStandardError()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 30, ("user.login", AuditActionType.Security)));

        foreach (var args in LongOperations)
        {
            var (exit, output, error) = await CliRunner.RunAsync(showProgress: false, args);

            exit.Should().Be(AuditTrailCommand.Valid, string.Join(' ', args));
            output.Should().NotBeEmpty();
            error.Should().BeEmpty($"'{args[0]}' runs with standard error redirected");
        }
    }

    [Fact]
    public async Task OnATerminal_LongOperations_ShowProgressOnStandardError_EndingTheLine()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 30, ("user.login", AuditActionType.Security)));
        var expected = new[] { "verifying 30 row(s)", "exporting to", "backing up", "archiving records before 2026-10-01 10:00:00 UTC to" };

        foreach (var (args, text) in LongOperations.Zip(expected))
        {
            var (exit, output, error) = await CliRunner.RunAsync(showProgress: true, args);

            exit.Should().Be(AuditTrailCommand.Valid);
            error.Should().StartWith("\r" + text).And.EndWith(Environment.NewLine);
            output.Should().NotContain("\r", "progress never mixes with the result");
        }
    }
}
