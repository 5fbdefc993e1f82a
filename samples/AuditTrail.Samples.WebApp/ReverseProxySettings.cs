using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace AuditTrail.Samples.WebApp;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> headers are believed, from
/// configuration: <c>ReverseProxy:KnownProxies</c> (addresses) and <c>ReverseProxy:KnownNetworks</c> (CIDR ranges),
/// each a list or one comma-separated value. With none listed no header is believed, and the audit trail records
/// the address of whoever connected.
/// </summary>
internal static class ReverseProxySettings
{
    public const string Section = "ReverseProxy";

    /// <summary>The forwarded-headers options, or <see langword="null"/> when no proxy is configured.</summary>
    public static ForwardedHeadersOptions? From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var proxies = Values(section.GetSection("KnownProxies"));
        var networks = Values(section.GetSection("KnownNetworks"));
        if (proxies.Count == 0 && networks.Count == 0)
        {
            // ForwardedHeadersOptions with empty lists would trust any peer: better not to use the middleware at all.
            return null;
        }

        // No limit on the number of hops: behind a chain of listed proxies the client is the first address that did not
        // come from one of them (the middleware stops there); ASP.NET Core's default, 1, would record the inner proxy.
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = null,
        };

        // The defaults trust loopback; only what is configured counts.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address)
                ? address
                : throw new InvalidOperationException($"{Section}:KnownProxies: '{proxy}' is not an IP address."));
        }

        foreach (var network in networks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var range)
                ? range
                : throw new InvalidOperationException($"{Section}:KnownNetworks: '{network}' is not a CIDR range such as 10.0.0.0/8."));
        }

        return options;
    }

    /// <summary>
    /// Gives <paramref name="target"/>, the forwarded-headers options in DI, the proxies of <paramref name="configured"/>,
    /// or none at all: <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, which some hosting platforms set, makes ASP.NET
    /// Core apply those options ahead of the app with every sender trusted.
    /// </summary>
    public static void ApplyTo(ForwardedHeadersOptions target, ForwardedHeadersOptions? configured)
    {
        target.KnownProxies.Clear();
        target.KnownIPNetworks.Clear();
        if (configured is null)
        {
            target.ForwardedHeaders = ForwardedHeaders.None;
            return;
        }

        target.ForwardedHeaders = configured.ForwardedHeaders;
        target.ForwardLimit = configured.ForwardLimit;
        foreach (var proxy in configured.KnownProxies)
        {
            target.KnownProxies.Add(proxy);
        }

        foreach (var network in configured.KnownIPNetworks)
        {
            target.KnownIPNetworks.Add(network);
        }
    }

    private static List<string> Values(IConfigurationSection section) =>
        (section.Value ?? string.Empty).Split(',')
            .Concat(section.GetChildren().Select(child => child.Value ?? string.Empty))
            .Select(value => value.Trim())
            .Where(value => value.Length > 0)
            .ToList();
}
