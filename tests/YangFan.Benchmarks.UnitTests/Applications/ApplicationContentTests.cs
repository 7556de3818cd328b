using YangFan.Benchmarks.Api.Features.Applications;

namespace YangFan.Benchmarks.UnitTests.Applications;

public class ApplicationContentTests
{
    public static TheoryData<string> Programmes => new()
    {
        "demonstration-benchmark", "solution-supplier", "innovation-centre", "security-centre", "regional-security-benchmark",
    };

    // Building a validator compiles its rules; every submit and save asks for one, so each programme's is built once.
    [Theory]
    [MemberData(nameof(Programmes))]
    public void Each_programme_has_one_validator_built_once_and_shared(string programme)
    {
        var first = ApplicationContent.For(programme).Validator;
        var second = ApplicationContent.For(programme).Validator;

        Assert.Same(first, second);
        Assert.True(ApplicationContent.Defines(programme));
    }

    [Fact]
    public void A_programme_without_an_application_form_is_not_defined()
    {
        Assert.False(ApplicationContent.Defines("no-such-programme"));
        Assert.Throws<InvalidOperationException>(() => ApplicationContent.For("no-such-programme"));
    }
}
