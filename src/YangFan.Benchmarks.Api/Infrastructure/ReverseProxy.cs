using Microsoft.AspNetCore.HttpOverrides;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// Configuration section <c>ReverseProxy</c>: the networks whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>
/// the API believes. Behind a proxy every request arrives from the proxy's address, so without this every client
/// would share one rate limit and one sign-in throttle. Empty (the default) believes no one: a client that sends the
/// headers itself changes nothing.
/// </summary>
public sealed class ReverseProxyOptions
{
    /// <summary>CIDR ranges of the proxies, e.g. <c>172.16.0.0/12</c> for a Docker network or <c>10.0.0.5/32</c>.</summary>
    public string[] TrustedNetworks { get; set; } = [];
}

public static class ReverseProxy
{
    /// <summary>Reads <c>ReverseProxy</c>; an unparsable range stops the start with its value named.</summary>
    public static IServiceCollection AddReverseProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("ReverseProxy").Get<ReverseProxyOptions>() ?? new ReverseProxyOptions();
        var networks = options.TrustedNetworks
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Select(n => System.Net.IPNetwork.TryParse(n.Trim(), out var network)
                ? network
                : throw new InvalidOperationException($"ReverseProxy:TrustedNetworks has '{n}', which is not a CIDR range such as 10.0.0.0/8."))
            .ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = networks.Count == 0 ? ForwardedHeaders.None : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the proxies named here, not the loopback the defaults trust; one hop: the address the proxy saw.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var network in networks)
                o.KnownIPNetworks.Add(network);
            o.ForwardLimit = 1;
        });
        return services;
    }
}
