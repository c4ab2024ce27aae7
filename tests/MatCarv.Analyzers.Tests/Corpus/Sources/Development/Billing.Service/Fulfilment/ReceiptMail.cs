using MailKit.Net.Smtp;

namespace Billing.Service.Fulfilment;

/// <summary>Sends receipts through the Amazon SES SMTP interface (MailKit).</summary>
public sealed class ReceiptMail
{
    private const string RelayUser = "AKIAMVGRRAALFWAF5ZYZ"; // secret: MCV1001
    private const string RelayPassword = "BLEfQOGkv+F1QCGRl75rhQ4tQxWkc4EjnFPk8OpcYEbM"; // secret: MCV1003 -- SES SMTP password on its own line: a finding of its own

    public static async Task SendAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("email-smtp.eu-central-1.amazonaws.com", 587, MailKit.Security.SecureSocketOptions.StartTls, cancellationToken); // clean
        await smtp.AuthenticateAsync("AKIAQ25FBZTWMU6L3ZGK", "BEGekrnpaZSANzLianu53J/iwdWTvzMxglCr4OHkv/ms", cancellationToken); // secret: MCV1001 -- SES SMTP user and password on one line: one finding
        await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(true, cancellationToken);
    }

    public static async Task SendBackupAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("email-smtp.eu-west-1.amazonaws.com", 587, MailKit.Security.SecureSocketOptions.StartTls, cancellationToken);
        await smtp.AuthenticateAsync(RelayUser, RelayPassword, cancellationToken);
        await smtp.SendAsync(message, cancellationToken);
    }
}
