namespace YangFan.Benchmarks.Api.Mail;

/// <summary>Configuration section <c>Mail</c>.</summary>
public sealed class MailOptions
{
    /// <summary>The address the pages are reached at from outside, for the links in e-mails (never taken from a request's Host).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Whether this process runs the background sender (<see cref="MailSenderService"/>); every process may.</summary>
    public bool SenderEnabled { get; set; } = true;

    /// <summary>Seconds between the sender's passes over the outbox.</summary>
    public int SendIntervalSeconds { get; set; } = 10;

    /// <summary>Attempts before a message that keeps failing is given up as Failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The longest wait between two attempts; the waits double from one minute up to this.</summary>
    public int MaxBackoffMinutes { get; set; } = 60;

    /// <summary>The sender's address; also the domain of every Message-ID.</summary>
    public string FromAddress { get; set; } = "noreply@yangfan.localhost";

    /// <summary>The sender's display name.</summary>
    public string FromName { get; set; } = "扬帆行动申报系统";

    /// <summary>The mail server; without <see cref="SmtpOptions.Host"/>, messages are written as <c>.eml</c> files under the data directory.</summary>
    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>Configuration section <c>Mail:Smtp</c>. The password comes from an environment variable or user-secrets, never the repository.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>How the connection to the mail server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text (a relay on the same host or network only).</summary>
    None,

    /// <summary>STARTTLS, required (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>TLS on 465, else STARTTLS when the server offers it.</summary>
    Auto,
}
