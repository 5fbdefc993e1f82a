using AuditTrail.Conformance.Support;
using AuditTrail.Spool;
using AuditTrail.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail.Tests.Spool;

/// <summary>
/// A host whose store registers the file spool but sets no directory: the default one, or a start-up error outside
/// Development when there is none, or no spool on purpose. The data folder is a temp directory, never the real home.
/// </summary>
public sealed class DefaultSpoolHostTests : IDisposable
{
    private readonly TemporaryDirectory _home = new();
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose() => _home.Dispose();

    private static AuditEvent Routine(int i) => new() { Action = "server.updated", ActionType = AuditActionType.Update, Description = $"#{i}" };

    private IHost Build(
        FakeAuditStore store,
        string environment,
        string? dataFolder = null,
        Action<AuditTrailOptions>? configure = null,
        Func<IAuditTrailBuilder, IAuditTrailBuilder>? spool = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment, ApplicationName = "Billing.Api" });
        builder.Logging.ClearProviders().AddProvider(_logs);
        var trail = builder.Services.AddAuditTrail(o =>
        {
            o.WriteRetryDelay = TimeSpan.Zero;
            o.MaxWriteAttempts = 2;
            configure?.Invoke(o);
        }).UseStore(_ => store);
        (spool ?? (b => b.UseFileSpool()))(trail);
        builder.Services.AddSingleton(new FileSpoolEnvironment(dataFolder ?? _home.Path, EntryAssemblyName: "ignored"));
        return builder.Build();
    }

    private string NoFolder()
    {
        var file = _home.Combine("not-a-folder");
        File.WriteAllText(file, "");
        return file;
    }

    [Fact]
    public async Task NoDirectory_SpoolsInTheApplicationsDefaultDirectory_AndReplaysFromIt()
    {
        var store = new FakeAuditStore();
        using var host = Build(store, Environments.Production);
        var expected = Path.Combine(_home.Path, "AuditTrail", "spool", "Billing.Api");

        await host.StartAsync();
        store.FailWith = new TimeoutException("connection refused");
        var spooled = await host.Services.GetRequiredService<IAuditLogger>().LogAsync(Routine(1));
        store.FailWith = null;
        await host.StopAsync();

        store.Stored[0].Metadata["spool"].Should().Be(expected, "audit.started names where the spool is");
        store.Stored.Select(r => r.Id).Should().Contain(spooled, "the spooled event is replayed once the store takes writes again");
        Directory.EnumerateDirectories(expected, "lane-*").Should().NotBeEmpty();
    }

    [Fact]
    public async Task StoreIdentity_GivesEachStoreOfTheApplicationItsOwnDirectory()
    {
        var store = new FakeAuditStore();
        using var host = Build(store, Environments.Production, spool: b => b.UseFileSpool(_ => "memory://orders"));

        await host.StartAsync();
        await host.StopAsync();

        store.Stored[0].Metadata["spool"].Should().Be(Path.Combine(_home.Path, "AuditTrail", "spool", "Billing.Api-" + FileSpoolDefaultDirectory.Discriminator("memory://orders")));
    }

    [Fact]
    public async Task NoUsableDefault_InProduction_FailsTheStartNamingTheOptions()
    {
        using var host = Build(new FakeAuditStore(), Environments.Production, NoFolder());

        var start = () => host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle().Subject;
        failure.Should().StartWith("AuditTrailOptions.Spool.Directory is not set and the default spool directory '")
            .And.Contain("cannot be created or written")
            .And.EndWith(
                "Without a spool, fail-open events are lost to their callers (AuditWriteException) while the store is down. " +
                "Set AuditTrailOptions.Spool.Directory to a persistent directory that only this application's account can write, " +
                "or set AuditTrailOptions.Spool.Disabled = true to run without a spool on purpose.");
    }

    [Fact]
    public async Task NoUsableDefault_InStaging_FailsTheStartToo()
    {
        using var host = Build(new FakeAuditStore(), Environments.Staging, NoFolder());

        await FluentActions.Awaiting(() => host.StartAsync()).Should().ThrowAsync<OptionsValidationException>().WithMessage("*AuditTrailOptions.Spool.Directory is not set*");
    }

    [Fact]
    public async Task NoUsableDefault_InDevelopment_StartsWithoutASpoolAndWarns()
    {
        var store = new FakeAuditStore();
        using var host = Build(store, Environments.Development, NoFolder());

        await host.StartAsync();
        store.FailWith = new TimeoutException("connection refused");
        var act = () => host.Services.GetRequiredService<IAuditLogger>().LogAsync(Routine(1));

        await act.Should().ThrowAsync<AuditWriteException>().WithMessage("*no spool is configured*");
        _logs.Entries.Should().Contain(e => e.Level == LogLevel.Warning
            && e.Message.StartsWith("No audit spool in this Development run: AuditTrailOptions.Spool.Directory is not set and the default spool directory", StringComparison.Ordinal)
            && e.Message.Contains("AuditTrailOptions.Spool.Disabled = true", StringComparison.Ordinal));
        store.FailWith = null;
        await host.StopAsync();
    }

    [Fact]
    public async Task Disabled_StartsWithoutASpoolAnywhere_EvenWithoutAUsableDefault()
    {
        var store = new FakeAuditStore();
        using var host = Build(store, Environments.Production, NoFolder(), o => o.Spool.Disabled = true);

        await host.StartAsync();
        await host.StopAsync();

        store.Stored[0].Metadata["spool"].Should().Be("none");
        _logs.Entries.Should().NotContain(e => e.Message.StartsWith("No audit spool", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisabledWithADirectory_FailsTheStartAskingForOne()
    {
        using var host = Build(new FakeAuditStore(), Environments.Production, configure: o =>
        {
            o.Spool.Disabled = true;
            o.Spool.Directory = "audit.spool";
        });

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle().Which.Should().Be(
            "AuditTrailOptions.Spool.Disabled is true but AuditTrailOptions.Spool.Directory is 'audit.spool'; " +
            "remove the directory to run without a spool, or set Disabled to false to spool there.");
    }

    [Fact]
    public async Task ChosenDirectoryWritableByOthers_IsUsed_WithAWarning()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var shared = _home.Combine("shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_111_111);
        var store = new FakeAuditStore();
        using var host = Build(store, Environments.Production, configure: o => o.Spool.Directory = shared);

        await host.StartAsync();
        await host.StopAsync();

        store.Stored[0].Metadata["spool"].Should().Be(shared);
        _logs.Entries.Should().Contain(e => e.Level == LogLevel.Warning && e.Message.Contains($"'{shared}' is writable by group or others (mode 0777)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("under-a-file")]
    [InlineData("proc")]
    public async Task ChosenDirectoryThatCannotBeUsed_InProduction_FailsTheStartNamingTheOption(string kind)
    {
        if (kind == "proc" && !Directory.Exists("/proc/self"))
        {
            return;
        }

        var directory = kind switch
        {
            "file" => NoFolder(),
            "under-a-file" => Path.Combine(NoFolder(), "spool"),
            _ => "/proc/audit-spool",
        };
        using var host = Build(new FakeAuditStore(), Environments.Production, configure: o => o.Spool.Directory = directory);

        var start = () => host.StartAsync();

        var failure = (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Failures.Should().ContainSingle().Subject;
        failure.Should().StartWith($"AuditTrailOptions.Spool.Directory '{directory}' cannot be created or written: ")
            .And.EndWith("or set AuditTrailOptions.Spool.Disabled = true to run without a spool on purpose.")
            .And.NotContain("..", "the system's reason ends the sentence without a second full stop");
    }

    [Fact]
    public async Task ChosenDirectoryThatCannotBeUsed_InDevelopment_Starts()
    {
        using var host = Build(new FakeAuditStore(), Environments.Development, configure: o => o.Spool.Directory = NoFolder());

        await host.StartAsync();
        await host.StopAsync();
    }
}
