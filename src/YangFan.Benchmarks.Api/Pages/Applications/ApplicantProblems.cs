using Microsoft.Extensions.Localization;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Features.Applications;

namespace YangFan.Benchmarks.Api.Pages.Applications;

/// <summary>Refusals and states in the page's words.</summary>
public static class ApplicantProblems
{
    /// <summary>A problem's text by its type (<c>Problem.duplicate</c>), else a general one; never the API's English detail.</summary>
    public static string Text(IStringLocalizer<ApplicantTexts> say, ProblemException problem)
    {
        var slug = problem.Type.StartsWith(ProblemTypes.Base, StringComparison.Ordinal) ? problem.Type[ProblemTypes.Base.Length..] : "other";
        return say[ApplicantTexts.ProblemPrefix + slug] is { ResourceNotFound: false } text ? text.Value : say[ApplicantTexts.ProblemPrefix + "other"].Value;
    }

    /// <summary>A state's title in the page's language, from the workflow; the name itself if the workflow has none.</summary>
    public static string State(IReadOnlyList<ListStateTitles.StateTitleView> titles, string? state) =>
        titles.FirstOrDefault(t => t.Name == state) is { } t ? (PagesSetup.IsChinese ? t.TitleZh : t.TitleEn) : state ?? "";
}
