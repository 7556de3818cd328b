namespace YangFan.Benchmarks.Api.Pages.AdminApplications;

/// <summary>
/// Texts the administrator's application pages share (AdminApplicationTexts.resx, AdminApplicationTexts.en.resx): what
/// each state tag means (<c>Tag.collects-reviews</c>) and each actor role's name (<c>Role.Admin</c>).
/// </summary>
public sealed class AdminApplicationTexts;
