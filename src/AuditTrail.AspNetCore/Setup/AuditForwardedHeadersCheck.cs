using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuditTrail.AspNetCore;

/// <summary>
/// Warns at start, outside Development, when forwarded headers are enabled through <see cref="ForwardedHeadersOptions"/>
/// with a trust that does not name the proxies: ASP.NET Core's defaults (loopback), or none at all (what
/// <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> sets up). Then the "from where" of every record is whatever a caller,
/// or a process on the machine, writes in <c>X-Forwarded-For</c>. Options passed straight to
/// <c>app.UseForwardedHeaders(options)</c> are not visible here.
/// </summary>
internal sealed partial class AuditForwardedHeadersCheck(
    IOptions<ForwardedHeadersOptions> forwarded,
    IHostEnvironment environment,
    ILogger<AuditForwardedHeadersCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() && Describe(forwarded.Value) is { } trust)
        {
            LogUntrustedProxies(logger, trust);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What is wrong with the trust of <paramref name="options"/>, or <see langword="null"/> when nothing is.</summary>
    internal static string? Describe(ForwardedHeadersOptions options)
    {
        if ((options.ForwardedHeaders & ForwardedHeaders.XForwardedFor) == 0)
        {
            return null;
        }

        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
        {
            return "every sender is trusted (KnownProxies and KnownIPNetworks are empty)";
        }

        var loopbackOnly = options.KnownProxies.All(IPAddress.IsLoopback)
            && options.KnownIPNetworks.All(network => IPAddress.IsLoopback(network.BaseAddress));
        return loopbackOnly ? "only ASP.NET Core's default loopback trust is configured, not the proxies in front of the app" : null;
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Forwarded headers are enabled but {Trust}: the source IP address of audit records comes from X-Forwarded-For, " +
            "which then need not come from your proxy. Clear KnownProxies and KnownIPNetworks and add your proxies' addresses " +
            "(see the AuditTrail.AspNetCore README, 'Behind a proxy').")]
    private static partial void LogUntrustedProxies(ILogger logger, string trust);
}
