namespace YangFan.Benchmarks.Api.Mail;

/// <summary>Configuration section <c>Mail</c>.</summary>
public sealed class MailOptions
{
    /// <summary>The address the pages are reached at from outside, for the links in e-mails (never taken from a request's Host).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";
}
