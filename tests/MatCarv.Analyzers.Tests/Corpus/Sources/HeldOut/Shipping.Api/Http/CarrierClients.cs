using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Shipping.Api.Http;

public sealed class DhlTrackingClient(HttpClient http)
{
    public async Task<string> TrackAsync(string trackingNumber, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://api-eu.dhl.com/track/shipments?trackingNumber={trackingNumber}"); // clean
        request.Headers.Add("DHL-API-Key", "KBN8t-uFEUIaAEGHLO1TYRIsdT6DmU39yM"); // secret: MCV1003
        using var response = await http.SendAsync(request, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}

public sealed class LabelServiceClient
{
    private static readonly string ServiceToken = "9xiWX43fDqPN_Xzq04rOVd9Yg71tnp-Nq"; // secret(label-token): MCV1003
    private readonly HttpClient _http;

    public LabelServiceClient(HttpClient http)
    {
        _http = http;
        _http.BaseAddress = new Uri("https://labels.internal.example-corp.net/"); // clean
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServiceToken); // same(label-token)
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf")); // clean
    }

    public Task<byte[]> RenderAsync(string id) => _http.GetByteArrayAsync($"labels/{id}.pdf");
}

public static class CarrierHttp
{
    public static HttpClient Gls()
    {
        var http = new HttpClient { BaseAddress = new Uri("https://api.gls-group.eu/public/v1/") };
        var basic = Convert.ToBase64String(Encoding.ASCII.GetBytes("shipping-eu:Gl$-Api-2024!x")); // secret: MCV1003|MCV1004
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        return http;
    }

    public static HttpClient PostNl()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("Authorization", "Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtZnVsZmlsbWVudCIsImlzcyI6Imh0dHBzOi8vYXV0aC5pbnRlcm5hbC5leGFtcGxlLWNvcnAubmV0Iiwic2NvcGUiOiJvcmRlcnM6d3JpdGUiLCJpYXQiOjE3MzkxNjI3NDd9.3vHfbn0qVQl74FWbmRJSy5ULyxP-BiodtHG6B4JrA2A"); // secret: MCV1002|MCV1003
        http.DefaultRequestHeaders.Add("apikey", "Fg0kUW1QwRplT2uQnQdUwb4Aj9IywcEn9"); // secret: MCV1003
        return http;
    }

    public static HttpClient Bpost()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "G63b8zBIqGOfFZpWZr+2ruZltaj7R+WBSuAVzvJDiQ4="); // secret: MCV1003
        return http;
    }

    public static HttpClient Colissimo(string token)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token); // clean -- from a parameter
        http.DefaultRequestHeaders.Add("X-Request-Source", "shipping-api"); // clean
        return http;
    }

    public static HttpClientHandler CorporateProxy() => new()
    {
        Proxy = new WebProxy("http://proxy.corp.example-corp.net:3128")
        {
            Credentials = new NetworkCredential("svc-shipping", "Pr0xy!Svc#5520", "CORP"), // secret: MCV1003
        },
    };

    public static HttpClientHandler LocalProxy() => new()
    {
        Proxy = new WebProxy("http://127.0.0.1:8888") { Credentials = new NetworkCredential("fiddler", "fiddler") }, // clean -- loopback debugging proxy
    };

    public static HttpRequestMessage Ups(string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://onlinetools.ups.com/security/v1/oauth/token") // clean
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", // clean
                ["client_id"] = "9bQkY2wLx5RzT8mVn3JhC6pD", // clean -- OAuth client id
                ["client_secret"] = "eRWofABQtooAt32Y8T8Y5uFbtSX_gCCcGz2", // secret: MCV1003
            }),
        };
        request.Headers.Add("x-merchant-id", "A1B2C3"); // clean
        return request;
    }

    public static Uri TrackingWebhook() => new("https://hooks.partner-logistics.example.com/v2/events?api_key=YHH4b0tneZLozNcd8l&format=json"); // secret: MCV1004

    public static Uri PublicTrackingPage(string number) => new($"https://www.dhl.com/en/express/tracking.html?AWB={number}&brand=DHL"); // clean
}
