using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Options;

namespace Billing.Service.Integrations;

public sealed record TaxQuote(decimal Rate, string Jurisdiction);

public sealed class TaxClient(HttpClient http)
{
    public async Task<TaxQuote?> QuoteAsync(string country, decimal amount)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "v2/taxes") { Content = JsonContent.Create(new { country, amount }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "PO-82WnIhw8hcMe-30TjUQlj2O2Re"); // secret: MCV1003
        request.Headers.TryAddWithoutValidation("x-api-version", "2022-01-24"); // clean
        using var response = await http.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<TaxQuote>();
    }
}

public sealed class CurrencyClient(HttpClient http, IOptions<CurrencyOptions> options)
{
    public Task<string> RatesAsync() => http.GetStringAsync(new Uri($"https://api.exchangerates.example/latest?access_key={options.Value.AccessKey}&base=EUR")); // clean -- from options

    public Task<string> LegacyRatesAsync() => http.GetStringAsync(new Uri("https://api.exchangerates.example/latest?access_key=946a87e7008ec413b696fe0e50951e2b&base=EUR")); // secret: MCV1004|MCV1003
}

public sealed class CurrencyOptions
{
    public string AccessKey { get; set; } = "09830a6b9f665bcd1429f3c42d0a5d11"; // secret: MCV1003
    public string BaseCurrency { get; set; } = "EUR"; // clean
}

public static class ShippingPartnerAuth
{
    private const string PartnerUser = "billing-export"; // clean
    private const string PartnerPassword = "Sh1p-P4rtner!Exp"; // secret(partner-pw): MCV1003

    public static AuthenticationHeaderValue Basic() =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PartnerUser}:{PartnerPassword}"))); // same(partner-pw)

    public static AuthenticationHeaderValue Precomputed() => new("Basic", "YmlsbGluZy1leHBvcnQ6U2gxcC1QNHJ0bmVyIUV4cA=="); // secret: MCV1003 -- base64 of user:password

    public static string AuthorizationHeader => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("invoices:Inv0ice-Api!77")); // secret: MCV1003|MCV1004

    public static HttpRequestMessage WithRawHeader()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://partner.example.com/api/manifest");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer lv9Imp3XF0_yvczUO9vtw408zj"); // secret: MCV1003
        request.Headers.TryAddWithoutValidation("Authorization-Scheme", "Bearer"); // clean
        return request;
    }

    public static HttpRequestMessage WithPlaceholder()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "https://partner.example.com/api/manifest");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer <token>"); // clean -- placeholder
        return request;
    }
}
