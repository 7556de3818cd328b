using System.Net;
using System.Net.Sockets;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// Who a client is, for rate limits and sign-in throttling: its IP address, except that IPv6 clients are grouped by
/// their /64. One subscriber (a home, a phone, a virtual machine) usually holds a whole /64 and can change its
/// lower 64 bits at will, so limiting single IPv6 addresses would limit nobody.
/// </summary>
public static class ClientAddress
{
    /// <summary>The key of clients whose address the server does not know (no connection address).</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// An IPv4 address as itself (also when it arrives IPv4-mapped, <c>::ffff:192.0.2.1</c>); an IPv6 address as its
    /// /64 prefix, e.g. <c>2001:db8:1:2::/64</c>.
    /// </summary>
    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
            return Unknown;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return address.ToString();
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }

    public static string PartitionKey(HttpContext http) => PartitionKey(http.Connection.RemoteIpAddress);
}
