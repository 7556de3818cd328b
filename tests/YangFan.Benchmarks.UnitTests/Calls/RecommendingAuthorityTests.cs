using YangFan.Benchmarks.Domain.Calls;

namespace YangFan.Benchmarks.UnitTests.Calls;

public class RecommendingAuthorityTests
{
    [Theory]
    [InlineData("province:44")]
    [InlineData("city:4403")]
    [InlineData("national-body:中国通信企业协会")]
    public void A_key_reads_back_as_the_same_authority(string key)
    {
        Assert.Equal(key, RecommendingAuthority.FromKey(key).Key);
    }

    [Fact]
    public void A_sub_provincial_city_is_an_authority_of_its_own_beside_its_province()
    {
        var shenzhen = RecommendingAuthority.Of(null, null, "4403")!;

        Assert.Equal("city:4403", shenzhen.Key);
        Assert.Equal(("4403", null, null), (shenzhen.CityCode, shenzhen.ProvinceCode, shenzhen.NationalBody));
        Assert.NotEqual(RecommendingAuthority.Province("44"), shenzhen);
        Assert.Equal(RecommendingAuthority.City("4403"), RecommendingAuthority.FromKey("city:4403"));
    }

    [Fact]
    public void A_jurisdiction_that_names_nothing_is_no_authority()
    {
        Assert.Null(RecommendingAuthority.Of(null, "", ""));
        Assert.Throws<FormatException>(() => RecommendingAuthority.FromKey("prefecture:4401"));
    }
}
