using System.Reflection;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>The console sample's <c>--export</c> never names its own database or a file beside it: the CSV would overwrite the trail.</summary>
public sealed class ConsoleSampleExportPathTests : IDisposable
{
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("-wal")]
    [InlineData("-fts")]
    public async Task Sample_ExportIsTheDatabaseOrAFileBesideIt_ExitsTwo_AndTheTrailStillVerifies(string suffix)
    {
        await ConsoleSample.WriteAsync(_trail.Database);
        var before = await File.ReadAllBytesAsync(_trail.Database);

        var exit = await RunSampleAsync("--db", _trail.Database, "--export", _trail.Database + suffix);
        var kept = await File.ReadAllBytesAsync(_trail.Database);
        var verify = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database);

        exit.Should().Be(2);
        kept.Should().Equal(before);
        verify.Exit.Should().Be(AuditTrailCommand.Valid, verify.Output + verify.Error);
    }

    [Fact]
    public async Task Sample_ExportIsASymbolicLinkToTheDatabase_ExitsTwo_AndTheTrailStillVerifies()
    {
        await ConsoleSample.WriteAsync(_trail.Database);
        var before = await File.ReadAllBytesAsync(_trail.Database);
        var link = _trail.PathOf("export.csv");
        File.CreateSymbolicLink(link, _trail.Database);

        var exit = await RunSampleAsync("--db", _trail.Database, "--export", link);
        var kept = await File.ReadAllBytesAsync(_trail.Database);
        var verify = await CliRunner.RunAsync("verify", "--sqlite", _trail.Database);

        exit.Should().Be(2);
        kept.Should().Equal(before, "a CSV written through the link would truncate the database");
        verify.Exit.Should().Be(AuditTrailCommand.Valid, verify.Output + verify.Error);
    }

    [Theory]
    [InlineData("--db")]
    [InlineData("--export")]
    public async Task Sample_OptionNamesAFolder_ExitsTwoNamingTheOption_BeforeRecordingAnything(string option)
    {
        var folder = _trail.PathOf("a-folder");
        Directory.CreateDirectory(folder);
        var database = option == "--db" ? folder : _trail.PathOf("sample.db");
        var export = option == "--export" ? folder : _trail.PathOf("sample.csv");

        var exit = await RunSampleAsync("--db", database, "--export", export);

        exit.Should().Be(2);
        File.Exists(_trail.PathOf("sample.db")).Should().BeFalse("nothing is recorded before the options are checked");
    }

    [Fact]
    public async Task Sample_DbIsAFileThatIsNoDatabase_ExitsTwo_AndLeavesTheFileAsItWas()
    {
        var notes = _trail.PathOf("notes.db");
        await File.WriteAllTextAsync(notes, "shopping list, not a database");

        var exit = await RunSampleAsync("--db", notes, "--export", _trail.PathOf("sample.csv"));

        exit.Should().Be(2);
        (await File.ReadAllTextAsync(notes)).Should().Be("shopping list, not a database");
        File.Exists(_trail.PathOf("sample.csv")).Should().BeFalse();
    }

    private static async Task<int> RunSampleAsync(params string[] args)
    {
        var entryPoint = Assembly.Load("AuditTrail.Samples.Console").EntryPoint!;
        var (output, error) = (Console.Out, Console.Error);
        Console.SetOut(TextWriter.Null);
        Console.SetError(TextWriter.Null);
        try
        {
            // The program's entry point blocks until its async Main completes; run it off the test thread.
            return await Task.Run(() => (int)entryPoint.Invoke(null, [args])!);
        }
        finally
        {
            Console.SetOut(output);
            Console.SetError(error);
        }
    }
}
