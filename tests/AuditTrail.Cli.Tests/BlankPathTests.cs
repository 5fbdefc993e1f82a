using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>A blank file or folder (<c>--out ""</c>, a script's unset variable) is refused naming the option or argument, before anything is written.</summary>
public sealed class BlankPathTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Theory]
    [InlineData("export --sqlite {db} --format csv --out {blank}", "Option --out")]
    [InlineData("backup {blank} --sqlite {db}", "<file>")]
    [InlineData("archive --sqlite {db} --dir {blank} --older-than 1d", "Option --dir")]
    [InlineData("import {blank} --sqlite {db}", "<segment>")]
    [InlineData("verify --sqlite {blank}", "Option --sqlite")]
    public async Task Command_BlankPath_ExitsTwoNamingTheOptionOrArgument(string command, string named)
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));
        var before = await File.ReadAllBytesAsync(_trail.Database);

        foreach (var blank in new[] { string.Empty, " " })
        {
            var args = command.Split(' ').Select(token => token.Replace("{db}", _trail.Database, StringComparison.Ordinal).Replace("{blank}", blank, StringComparison.Ordinal)).ToArray();

            var (exit, _, error) = await CliRunner.RunAsync(args);

            exit.Should().Be(AuditTrailCommand.UsageOrConnectionError);
            error.Should().Contain(named).And.Contain("blank").And.NotContain("ArgumentException").And.NotContain("(Parameter");
        }

        (await File.ReadAllBytesAsync(_trail.Database)).Should().Equal(before, "nothing was written to the store");
    }
}
