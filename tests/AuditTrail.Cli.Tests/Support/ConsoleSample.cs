using System.Reflection;

namespace AuditTrail.Cli.Tests.Support;

/// <summary>Runs the console sample, which writes a signed 32-row trail: the database, its checkpoints and its key pair beside it.</summary>
public static class ConsoleSample
{
    public static async Task WriteAsync(string database)
    {
        var entryPoint = Assembly.Load("AuditTrail.Samples.Console").EntryPoint!;
        var original = Console.Out;
        Console.SetOut(TextWriter.Null);
        try
        {
            // The program's entry point blocks until its async Main completes; run it off the test thread.
            var csv = Path.Combine(Path.GetDirectoryName(database)!, "sample.csv");
            var exit = await Task.Run(() => (int)entryPoint.Invoke(null, [new[] { "--db", database, "--export", csv }])!);
            exit.Should().Be(0, "the console sample succeeds");
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
