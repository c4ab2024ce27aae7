using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SendGrid;
using Stripe;

namespace Billing.Service.Integrations;

public static class VendorClients
{
    static VendorClients()
    {
        StripeConfiguration.ApiKey = "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"; // secret: MCV1002|MCV1003
    }

    public static StripeClient Restricted() => new("rk_test_ADiLfffpbwDjTPRBUP5Atsazf6EvlTZMBXEmqW2ig7V69uzd9Uo2YzrGIlCEOrt99uBsaXyZKShPHpFNInr4vDUATuzy6NQ7Xnb"); // secret: MCV1002|MCV1003

    public static StripeClient FromVariable(string apiKey) => new(apiKey); // clean

    public static SendGridClient Mail() => new(new SendGridClientOptions { ApiKey = "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", HttpErrorAsException = true }); // secret: MCV1002|MCV1003

    public static HttpClient Twilio()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://api.twilio.com/2010-04-01/Accounts/ACf8496ce0d65e0d6343bf979c8d835375/") }; // clean -- the account SID
        var auth = Convert.ToBase64String(Encoding.ASCII.GetBytes("SK7e805d86c5576335ec4bff2bb8b73b2e:DV6pLFdjsdfxlrN2xI1280PwnVYghtjd")); // secret: MCV1003|MCV1002 -- API key SID and secret
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", auth);
        return http;
    }

    public static HttpClient Mailgun()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://api.mailgun.net/v3/mg.billing.example-corp.net/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("api:key-d241dd136f031e54f11b93bd5586fff3"))); // secret: MCV1002|MCV1003
        return http;
    }

    public static HttpClient Datadog()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://api.datadoghq.eu/api/v2/") };
        http.DefaultRequestHeaders.Add("DD-API-KEY", "d23ed03a8ce6e1052be566bc61ace64a"); // secret: MCV1003|MCV1002
        return http;
    }

    public static HttpClient NewRelicEvents()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://insights-collector.eu01.nr-data.net/v1/accounts/3141592/events") }; // clean
        http.DefaultRequestHeaders.Add("X-Insert-Key", "NRII-plwCUEPtqBGLe-UoAzfjUDcHZGZhKe7u"); // secret: MCV1002|MCV1003
        return http;
    }

    public static HttpClient Honeycomb()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://api.honeycomb.io/1/events/billing") };
        http.DefaultRequestHeaders.Add("X-Honeycomb-Team", "hcaik_01zvbm5wdjcsspmhb2wfvqbb1e144cnxybr4gq19zm7c2lwq7lu2tck2qp"); // secret: MCV1002|MCV1003
        return http;
    }

    public static HttpClient HoneycombClassic()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://api.honeycomb.io/1/markers/billing") };
        http.DefaultRequestHeaders.Add("X-Honeycomb-Team", "xiswH3aFvE80viLOks5Pen"); // secret: MCV1003
        return http;
    }

    public static HttpClient OpenAi()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://api.openai.com/v1/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "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"); // secret: MCV1002|MCV1003
        return http;
    }

    public static HttpClient Slack() => new() { DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", "xoxb-72473111798-3064184421231-oUOnr16epfGEdRP08vzKzFxL") } }; // secret: MCV1002|MCV1003

    public static Uri SlackIncoming => new("https://hooks.slack.com/services/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"); // secret: MCV1002

    public static HttpClient Erp()
    {
        var handler = new HttpClientHandler { Credentials = new NetworkCredential("EXAMPLECORP\\svc-billing", "Erp!Ntlm-Svc-2025") }; // secret: MCV1003
        return new HttpClient(handler) { BaseAddress = new Uri("https://erp.example-corp.net/") };
    }

    public static HttpClient ErpWithCache()
    {
        var cache = new CredentialCache
        {
            { new Uri("https://erp.example-corp.net/"), "Negotiate", new NetworkCredential("svc-billing", "Erp!Kerb-Svc-2025", "EXAMPLECORP") }, // secret: MCV1003
        };
        return new HttpClient(new HttpClientHandler { Credentials = cache });
    }

    public static HttpClient Sandbox() => new(new HttpClientHandler { Credentials = CredentialCache.DefaultNetworkCredentials }); // clean

    public static string StripeTestKey => "sk_test_9OPyVSk2DhvEIhbcXoB0TO3Y"; // secret: MCV1002|MCV1003 -- test-mode keys are keys
}
