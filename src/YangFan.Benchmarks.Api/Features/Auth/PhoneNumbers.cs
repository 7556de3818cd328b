namespace YangFan.Benchmarks.Api.Features.Auth;

/// <summary>Mainland mobile numbers and landlines with area code (optionally with an extension).</summary>
public static class PhoneNumbers
{
    public const string Pattern = @"^(\+?86[- ]?)?(1[3-9][0-9]{9}|0[1-9][0-9]{1,2}-?[0-9]{7,8}(-[0-9]{1,6})?)$";
    public const string Message = "Must be a mainland mobile number (11 digits) or a landline with area code, e.g. 010-68208888.";
}
