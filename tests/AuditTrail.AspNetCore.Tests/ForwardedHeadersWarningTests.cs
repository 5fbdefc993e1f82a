using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditTrail.AspNetCore.Tests;

/// <summary>
/// Outside Development, forwarded headers enabled with ASP.NET Core's default loopback trust (or with no trust list
/// at all) get a warning at start; naming the proxies, or leaving forwarded headers off, gets none.
/// </summary>
public sealed class ForwardedHeadersWarningTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "audittrail-aspnetcore-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("default loopback", true)]
    [InlineData("cleared", true)]
    [InlineData("named proxy", false)]
    [InlineData("off", false)]
    public async Task Production_WarnsExactlyWhenTheProxiesAreNotNamed(string trust, bool warns)
    {
        var warnings = await StartAndCollectWarningsAsync(Environments.Production, options =>
        {
            if (trust == "off")
            {
                return;
            }

            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (trust != "default loopback")
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }

            if (trust == "named proxy")
            {
                options.KnownProxies.Add(IPAddress.Parse("10.0.0.5"));
            }
        });

        if (warns)
        {
            warnings.Should().ContainSingle(message => message.Contains("X-Forwarded-For", StringComparison.Ordinal) && message.Contains("KnownProxies", StringComparison.Ordinal));
        }
        else
        {
            warnings.Should().NotContain(message => message.Contains("X-Forwarded-For", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Development_DoesNotWarn()
    {
        var warnings = await StartAndCollectWarningsAsync(Environments.Development, options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor);
        warnings.Should().NotContain(message => message.Contains("X-Forwarded-For", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyCollection<string>> StartAndCollectWarningsAsync(string environment, Action<ForwardedHeadersOptions> configure)
    {
        Directory.CreateDirectory(_directory);
        var logs = new CollectingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.Configure(configure);
        builder.Services.AddAuditTrail().UseSqlite(Path.Combine(_directory, "audit.db")).AddAspNetCore();
        await using var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseAuditTrail();
        await app.StartAsync();
        await app.StopAsync();
        return logs.Warnings;
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                _warnings.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
