using System.Net;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Auth;

/// <summary>The partition key of rate limits and sign-in throttling, a pure function: no API needed.</summary>
public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("198.51.100.7", "198.51.100.7")]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    [InlineData("fe80::1%3", "fe80::/64")]
    [InlineData("::1", "::/64")]
    public void IPv4_addresses_are_kept_whole_and_IPv6_addresses_are_grouped_by_their_64_bit_prefix(string address, string key)
    {
        Assert.Equal(key, ClientAddress.PartitionKey(IPAddress.Parse(address)));
    }

    [Fact]
    public void A_request_without_an_address_shares_one_key()
    {
        Assert.Equal(ClientAddress.Unknown, ClientAddress.PartitionKey((IPAddress?)null));
    }
}
