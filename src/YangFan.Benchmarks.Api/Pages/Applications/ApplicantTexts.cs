namespace YangFan.Benchmarks.Api.Pages.Applications;

/// <summary>
/// Texts the applicant's pages share (ApplicantTexts.resx, ApplicantTexts.en.resx): the workflow's guards in plain words (keyed <c>Guard.</c> + the guard's name; a guard without a text shows its English
/// description), and refusals by problem type (<c>Problem.</c> + the type's last segment).
/// </summary>
public sealed class ApplicantTexts
{
    public const string GuardPrefix = "Guard.";
    public const string ProblemPrefix = "Problem.";
}
