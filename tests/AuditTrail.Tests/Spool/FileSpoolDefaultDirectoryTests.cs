using AuditTrail.Spool;
using AuditTrail.Tests.Support;

namespace AuditTrail.Tests.Spool;

/// <summary>The default spool directory: its name, its permissions, and when it cannot be used.</summary>
public sealed class FileSpoolDefaultDirectoryTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TemporaryDirectory _home = new();

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData("Billing.Api", "Billing.Api")]
    [InlineData("My App/ü:1", "My_App___1")]
    [InlineData("..", "application")]
    [InlineData("  ", "application")]
    [InlineData(null, "application")]
    [InlineData(".hidden.", "hidden")]
    public void SafeName_KeepsLettersDigitsDotsDashesUnderscores(string? application, string expected)
    {
        FileSpoolDefaultDirectory.SafeName(application).Should().Be(expected);
    }

    [Fact]
    public void SafeName_IsAtMost64Characters()
    {
        FileSpoolDefaultDirectory.SafeName(new string('a', 200)).Should().HaveLength(FileSpoolDefaultDirectory.MaxApplicationLength);
    }

    [Fact]
    public void Under_NamesTheApplicationAndHashesTheStore_StablyAcrossRuns()
    {
        var folder = _home.Path;

        FileSpoolDefaultDirectory.Under(folder, "Billing.Api", "postgresql://db.example:5432/app/public.audit_events")
            .Should().Be(Path.Combine(folder, "AuditTrail", "spool", "Billing.Api-9a7d7bf127"), "the first 10 hex digits of the SHA-256 of the identity");
        FileSpoolDefaultDirectory.Under(folder, "Billing.Api", "postgresql://db.example:5432/app/audit.audit_events")
            .Should().NotBe(FileSpoolDefaultDirectory.Under(folder, "Billing.Api", "postgresql://db.example:5432/app/public.audit_events"));
        FileSpoolDefaultDirectory.Under(folder, "Billing.Api", null).Should().Be(Path.Combine(folder, "AuditTrail", "spool", "Billing.Api"));
    }

    [Fact]
    public void Default_CreatesTheDirectoryOwnerOnly()
    {
        var location = FileSpoolLocation.Default(_home.Path, "Billing.Api", storeIdentity: null);

        location.Problem.Should().BeNull();
        location.Directory.Should().Be(_home.Combine(Path.Combine("AuditTrail", "spool", "Billing.Api")));
        Directory.Exists(location.Directory).Should().BeTrue();
        Directory.EnumerateFileSystemEntries(location.Directory!).Should().BeEmpty("the write probe is removed");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(location.Directory!).Should().Be(OwnerOnly);
            OwnerOnlyDirectory.SharedWriteMode(_home.Combine("AuditTrail")).Should().BeNull("no other account may write to the parents it creates");
        }
    }

    [Fact]
    public void Default_ExistingDirectoryWritableByOthers_CannotBeUsed()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = FileSpoolDefaultDirectory.Under(_home.Path, "Billing.Api", null);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        var location = FileSpoolLocation.Default(_home.Path, "Billing.Api", storeIdentity: null);

        location.Directory.Should().BeNull();
        location.Problem.Should().Be($"the default spool directory '{path}' is writable by group or others (mode 0777); make it owner-only (chmod 700) or choose another directory");
    }

    [Fact]
    public void Default_NoDataFolder_CannotBeUsed()
    {
        var location = FileSpoolLocation.Default("", "Billing.Api", storeIdentity: null);

        location.Directory.Should().BeNull();
        location.Problem.Should().StartWith("this account has no local application data folder");
    }

    [Fact]
    public void Default_DataFolderThatCannotHoldDirectories_CannotBeUsed()
    {
        // A file where the folder should be fails even for root, whom permission bits do not stop.
        var file = _home.Combine("not-a-folder");
        File.WriteAllText(file, "");

        var location = FileSpoolLocation.Default(file, "Billing.Api", storeIdentity: null);

        location.Directory.Should().BeNull();
        location.Problem.Should().StartWith($"the default spool directory '{Path.Combine(file, "AuditTrail", "spool", "Billing.Api")}' cannot be created or written: ");
    }

    [Fact]
    public void Chosen_DirectoryWritableByOthers_IsUsedWithAWarning()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = _home.Combine("shared-spool");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute);

        var location = FileSpoolLocation.Chosen(path);

        location.Directory.Should().Be(path);
        location.Warning.Should().Contain($"'{path}' is writable by group or others (mode 0770)");
        FileSpoolLocation.Chosen(_home.Combine("private")).Warning.Should().BeNull();
    }

    [Fact]
    public async Task FileSpool_CreatesItsDirectoryAndLanesOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = _home.Combine("spool");
        using var spool = new FileAuditSpool(directory, AuditSpoolOptions.DefaultMaxSizeBytes, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, _ => { });

        await spool.OpenAsync();

        File.GetUnixFileMode(directory).Should().Be(OwnerOnly);
        File.GetUnixFileMode(Path.Combine(directory, "lane-0")).Should().Be(OwnerOnly);
    }

    [Fact]
    public void Default_CreatesEveryMissingParentOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var data = _home.Combine(Path.Combine("home", "billing", ".local", "share"));

        var location = FileSpoolLocation.Default(data, "Billing.Api", storeIdentity: null);

        location.Problem.Should().BeNull();
        var created = new[] { "home", "home/billing", "home/billing/.local", "home/billing/.local/share", "home/billing/.local/share/AuditTrail", "home/billing/.local/share/AuditTrail/spool" }
            .Select(_home.Combine).Append(location.Directory!);
        foreach (var path in created)
        {
            File.GetUnixFileMode(path).Should().Be(OwnerOnly, $"the spool created '{path}'");
        }
    }

    [Fact]
    public async Task FileSpool_CreatesTheMissingParentsOfItsDirectoryOwnerOnly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var directory = _home.Combine(Path.Combine("var", "audit", "spool"));
        using var spool = new FileAuditSpool(directory, AuditSpoolOptions.DefaultMaxSizeBytes, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, _ => { });

        await spool.OpenAsync();

        File.GetUnixFileMode(_home.Combine("var")).Should().Be(OwnerOnly);
        File.GetUnixFileMode(_home.Combine(Path.Combine("var", "audit"))).Should().Be(OwnerOnly);
        File.GetUnixFileMode(directory).Should().Be(OwnerOnly);
    }
}
