namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>The limits on objections (<c>Notices</c> in configuration).</summary>
public sealed class NoticeOptions
{
    /// <summary>
    /// How many objections to one notice one e-mail address may hold at once: open ones and those still awaiting an
    /// unexpired code. Past it, the address is refused until one is resolved or expires.
    /// </summary>
    public int MaxOpenObjectionsPerAddress { get; set; } = 3;

    /// <summary>How long the e-mailed confirmation code works.</summary>
    public int ConfirmationCodeMinutes { get; set; } = 30;

    /// <summary>Wrong codes allowed before the code stops working.</summary>
    public int MaxConfirmationAttempts { get; set; } = 5;
}
