using System.Text;
using AuditTrail.Cli.Export;
using AuditTrail.Cli.Tests.Support;

namespace AuditTrail.Cli.Tests;

/// <summary>
/// <c>export --out</c> when the file system refuses the file: a name near the limit still works, and a refusal (a
/// folder gone, a full disk, an I/O error) is a usage error naming <c>--out</c> and the file given, never the
/// temporary file or an exception type.
/// </summary>
public sealed class ExportOutFailureTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestTrail _trail = new();

    public void Dispose() => _trail.Dispose();

    [Fact]
    public async Task Export_OutNameNearTheFileSystemLimit_IsWrittenAndLeavesNoTemporaryFile()
    {
        await _trail.WriteAsync(TestTrail.Hourly(Start, 3, ("user.login", AuditActionType.Security)));
        var name = new string('e', 240) + ".csv";

        var (exit, output, error) = await CliRunner.RunAsync("export", "--sqlite", _trail.Database, "--format", "csv", "--out", _trail.PathOf(name));

        exit.Should().Be(AuditTrailCommand.Valid, error);
        output.Should().Contain("Exported 3 record(s)");
        (await File.ReadAllLinesAsync(_trail.PathOf(name))).Should().HaveCount(4, "a header and three records");
        Directory.GetFiles(_trail.PathOf(".")).Select(Path.GetFileName).Should().NotContain(file => file!.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("e", 251)]
    [InlineData("é", 200)]
    [InlineData("😀", 100)]
    public void TemporaryName_LongName_StaysWithin255BytesAndCutsNoCharacter(string unit, int repeat)
    {
        var name = string.Concat(Enumerable.Repeat(unit, repeat)) + ".csv";

        var temporary = ExportFile.TemporaryName(name, Guid.CreateVersion7());

        Encoding.UTF8.GetByteCount(temporary).Should().BeLessThanOrEqualTo(255);
        temporary.Should().StartWith("." + unit).And.EndWith(".tmp");
        temporary.EnumerateRunes().Should().NotContain(Rune.ReplacementChar, "a character is kept whole or not at all");
        Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(temporary)).Should().Be(temporary, "no surrogate is cut in half");
    }

    [Fact]
    public void Create_FolderRemovedAfterTheCheck_IsAUsageErrorNamingOutAndTheFileGiven()
    {
        var folder = _trail.PathOf("exports");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "audit.csv");
        using var file = ExportFile.Check(path, replace: false);
        Directory.Delete(folder);

        var create = () => file.Create();

        create.Should().Throw<CliUsageException>()
            .Which.Message.Should().StartWith("Option --out: could not write").And.Contain(path)
            .And.NotContain(".tmp").And.NotContain("Exception");
    }

    [Fact]
    public async Task Write_FileSystemFails_IsAUsageErrorNamingOutAndTheFileGiven_NotTheTemporaryFile()
    {
        var path = _trail.PathOf("audit.csv");
        using var file = ExportFile.Check(path, replace: false);
        var stream = new ExportOutStream(new FailingStream(file.TemporaryPath), file);

        var write = async () => await stream.WriteAsync(new byte[16]);
        var flush = async () => await stream.FlushAsync();

        (await write.Should().ThrowAsync<CliUsageException>())
            .Which.Message.Should().Be($"Option --out: could not write '{path}': No space left on device : '{Path.GetFullPath(path)}'.");
        (await flush.Should().ThrowAsync<CliUsageException>()).Which.Message.Should().NotContain(".tmp");
    }

    /// <summary>A file on a full disk: every write and flush fails as <see cref="FileStream"/> reports it, naming the file.</summary>
    private sealed class FailingStream(string path) : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => throw Full();

        public override Task FlushAsync(CancellationToken cancellationToken) => throw Full();

        private IOException Full() => new($"No space left on device : '{path}'");
    }
}
