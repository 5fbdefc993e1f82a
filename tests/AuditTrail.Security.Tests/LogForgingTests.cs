using AuditTrail.Security.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuditTrail.Security.Tests;

/// <summary>
/// What anyone can type ends up in the application's log through the review's alerts: the user name of failed logins
/// is the actor and the summary of a brute-force finding. A log viewer or terminal must not take it for log lines or
/// escape sequences of its own.
/// </summary>
public sealed class LogForgingTests
{
    private const string ForgedLine = "info: Microsoft.Hosting.Lifetime[0] Application is shutting down";

    private static readonly string[] LineAndTerminalControls =
        ["\r", "\n", "\u001b", "\u0085", "\u2028", "\u2029", "\u000b", "\u000c", "\u202e"];

    [Fact]
    public async Task FailedLoginsUnderAHostileUserName_AreAlertedInTheLog_WithoutLineBreaksOrControlCharacters()
    {
        var directory = SecurityHost.NewDirectory();
        try
        {
            var logs = new CapturingLoggerProvider();
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(logs);
            builder.Services.AddAuditTrail().UseSqlite(Path.Combine(directory, "audit.db")).AddReviewAlerts();

            using var host = builder.Build();
            await host.StartAsync();
            var audit = host.Services.GetRequiredService<IAuditLogger>();
            var userName = $"sarah\r\n{ForgedLine}\n\u001b[2J\u0085\u2028\u2029\u000b\u000c\u202eevil";
            for (var attempt = 0; attempt < 20; attempt++)
            {
                await audit.LoginFailedAsync(userName, "invalid password", knownUser: null);
            }

            var alert = await PollAsync(() => logs.Lines.FirstOrDefault(line => line.Contains(" 7001: ", StringComparison.Ordinal)));
            await host.StopAsync();

            alert.Should().NotBeNull("twenty failed logins for one name are a brute force, and the logging sink alerts it");
            alert!.Should().Contain("sarah", "the alert still names the attempted user name");
            foreach (var control in LineAndTerminalControls)
            {
                alert.Should().NotContain(control, $"U+{(int)control[0]:X4} in a user name must not reach the log as it is");
            }
        }
        finally
        {
            SecurityHost.DeleteDirectory(directory);
        }
    }

    /// <summary>Polls for up to 30 seconds: the review alerts run as a consumer of the feed, after the commits.</summary>
    private static async Task<string?> PollAsync(Func<string?> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        return probe();
    }
}
