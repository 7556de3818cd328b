using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace YangFan.Benchmarks.Api.Mail;

/// <summary>Where the sender hands a message: a mail server, or a folder of <c>.eml</c> files when none is configured.</summary>
public interface IMailTransport
{
    /// <summary>What the log says at start: where mail goes.</summary>
    string Description { get; }

    /// <summary>Hands the message over; returns only once it was accepted, and throws when it was not.</summary>
    Task SendAsync(MimeMessage message, CancellationToken ct);

    /// <summary>The SMTP server when <c>Mail:Smtp:Host</c> is set, else the pickup folder <c>&lt;data directory&gt;/mail</c>.</summary>
    public static IMailTransport For(MailOptions options, string dataDirectory) =>
        string.IsNullOrWhiteSpace(options.Smtp.Host)
            ? new PickupFolderTransport(Path.Combine(dataDirectory, "mail"))
            : new SmtpTransport(options.Smtp);
}

/// <summary>Delivers through an SMTP server with MailKit: one connection per message, so a pass never reuses a broken one.</summary>
public sealed class SmtpTransport(SmtpOptions options) : IMailTransport
{
    public string Description => $"the SMTP server {options.Host}:{options.Port} ({options.Security})";

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = options.TimeoutSeconds * 1000 };
        await client.ConnectAsync(options.Host!, options.Port, options.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.Auto,
        }, ct);
        if (!string.IsNullOrEmpty(options.UserName))
            await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>
/// The embedded default: each message becomes <c>&lt;id&gt;.eml</c> in a folder, for a newcomer to open in any mail
/// program. It is written under a temporary name and then renamed, so a reader never sees half a file.
/// </summary>
public sealed class PickupFolderTransport(string folder) : IMailTransport
{
    public string Folder { get; } = folder;

    public string Description => $".eml files in {Folder} (no Mail:Smtp:Host is set)";

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var name = FileName(message);
        var temporary = Path.Combine(Folder, $".{name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await message.WriteToAsync(temporary, ct);
            File.Move(temporary, Path.Combine(Folder, name), overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The message's id (its Message-ID without the domain) as a file name.</summary>
    public static string FileName(MimeMessage message)
    {
        var id = message.MessageId ?? throw new InvalidOperationException("A message without a Message-ID has no file name.");
        return (id.Contains('@') ? id[..id.IndexOf('@')] : id) + ".eml";
    }
}
