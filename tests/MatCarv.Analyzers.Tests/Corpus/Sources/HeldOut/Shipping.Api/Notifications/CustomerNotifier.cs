using System.Net;
using System.Net.Http.Headers;
using System.Net.Mail;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using SendGrid;
using Twilio;

namespace Shipping.Api.Notifications;

public sealed class CustomerNotifier
{
    private const string SendGridKey = "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"; // secret(sendgrid): MCV1002|MCV1003
    private const string TwilioAccountSid = "AC05ce6db3bc8fcfaa4dc75430f9eb3c31"; // clean -- the account SID identifies the account; the auth token is the secret
    private const string TwilioAuthToken = "61653e9915da7973d3d862121aa7100a"; // secret(twilio): MCV1003|MCV1002
    private const string MailgunDomain = "mg.shipping.example-corp.net"; // clean
    private const string SlackDeliveryChannel = "https://hooks.slack.com/services/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"; // secret: MCV1002

    public static SendGridClient Email() => new(SendGridKey); // same(sendgrid)

    public static void InitSms() => TwilioClient.Init(TwilioAccountSid, TwilioAuthToken); // same(twilio)

    public static HttpClient Mailgun()
    {
        var http = new HttpClient { BaseAddress = new Uri($"https://api.eu.mailgun.net/v3/{MailgunDomain}/") };
        var credentials = Convert.ToBase64String(Encoding.ASCII.GetBytes("api:a732e0fa3226cc796654106ddd825877-74de1492-5669ba4c")); // secret: MCV1002|MCV1003
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return http;
    }

    public static async Task SendViaSmtpAsync(MimeKit.MimeMessage message)
    {
        using var smtp = new MailKit.Net.Smtp.SmtpClient();
        await smtp.ConnectAsync("smtp.eu.mailgun.org", 587, SecureSocketOptions.StartTls); // clean
        await smtp.AuthenticateAsync("postmaster@mg.shipping.example-corp.net", "Sm7p!Mg-Shp-9031"); // secret: MCV1003
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(true);
    }

    public static System.Net.Mail.SmtpClient LegacySes() => new("email-smtp.eu-west-1.amazonaws.com", 587)
    {
        EnableSsl = true,
        Credentials = new NetworkCredential("AKIAKMOU2MXVF7Z4GOTU", "BRVGZvfbK/qApwX3/WOnmB6+0oTjxY3aDd0XrZXueh6Y="), // secret: MCV1001|MCV1003 -- SES SMTP credentials: an access key id and the SMTP password derived from its secret key
    };

    public static System.Net.Mail.SmtpClient Papercut() => new("localhost", 25) { Credentials = new NetworkCredential("test", "test") }; // clean -- local SMTP sink

    public static string SmsTemplate => "Your parcel {0} is out for delivery. Track it at https://track.example-corp.net/{0}"; // clean
}
