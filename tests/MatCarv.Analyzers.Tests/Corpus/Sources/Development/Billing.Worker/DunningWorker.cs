using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Hosting;

namespace Billing.Worker;

public sealed class DunningOptions
{
    public string SmtpHost { get; set; } = "smtp.office365.com"; // clean
    public int SmtpPort { get; set; } = 587;
    public string SmtpUser { get; set; } = "dunning@example-corp.net"; // clean
    public string SmtpPassword { get; set; } = "Dunn!ng-M365-2025"; // secret: MCV1003
    public string ReplyTo { get; set; } = "billing-support@example-corp.net"; // clean
    public string[] EscalationTokens { get; set; } = ["Y9U-170dESl6IPuFUBlxaF1yJY1CSCn", "f9RBfKy3FfWpmritFYz1JVqr7LVLXZoI"]; // secret: MCV1003, MCV1003
    public string[] EscalationChannels { get; set; } = ["#billing-dunning", "#finance-ops"]; // clean
}

public sealed class DunningWorker(DunningOptions options) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var smtp = new SmtpClient(options.SmtpHost, options.SmtpPort)
        {
            EnableSsl = true,
            Credentials = new NetworkCredential(options.SmtpUser, options.SmtpPassword), // clean -- from options (the default is labelled where it is written)
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            await smtp.SendMailAsync(new MailMessage(options.SmtpUser, options.ReplyTo, "Dunning run", "done"), stoppingToken);
            await Task.Delay(Interval, stoppingToken);
        }
    }

    public static SmtpClient Relay() => new("mail-relay.internal.example-corp.net", 25)
    {
        Credentials = new NetworkCredential { UserName = "billing-relay", Password = "R3lay!Bill-881" }, // secret: MCV1003
    };

    public static SmtpClient Mailpit() => new("mailpit", 1025) { Credentials = new NetworkCredential("mailpit", "mailpit-dev") }; // clean -- compose container
}
