using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Shipping.Api.Options;

public static class ServiceRegistration
{
    public static IServiceCollection AddCarriers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CarrierOptions>().Bind(configuration.GetSection(CarrierOptions.SectionName)).ValidateDataAnnotations(); // clean
        services.PostConfigure<CarrierOptions>(o => o.ApiKey = string.IsNullOrEmpty(o.ApiKey) ? "p57Dn8nBS2lZsd9oPFCBNm8hmRy6mAyE2XVr6EL" : o.ApiKey); // secret: MCV1003
        services.Configure<SftpOptions>(o =>
        {
            o.Host = configuration["Sftp:Host"] ?? "sftp.partner-logistics.example.com"; // clean
            o.Password = configuration["Sftp:Password"] ?? string.Empty; // clean -- configuration read, empty fallback
        });
        services.Configure<SftpOptions>("dr", o => o.Password = "Dr$ftp-Exp0rt-19"); // secret: MCV1003

        services.AddHttpClient("dhl", (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<CarrierOptions>>().Value;
            http.BaseAddress = new Uri(options.BaseUrl);
            http.DefaultRequestHeaders.Add(options.ApiKeyHeader, options.ApiKey); // clean -- values from options
        });
        services.AddHttpClient("hermes", http =>
        {
            http.BaseAddress = new Uri("https://api.hermesworld.example/v1/"); // clean
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "25aFBDMG2TMqziFmUbGsEzh7PAMx69qY4wbU"); // secret: MCV1003
        });
        return services;
    }

    public static IConfigurationBuilder AddShippingDefaults(this IConfigurationBuilder builder) =>
        builder.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Carriers:BaseUrl"] = "https://api-eu.dhl.com/track/shipments", // clean
            ["Carriers:ApiKey"] = "EgTKICkbBR8YuH-ju1vNYXXGNApm", // secret: MCV1003
            ["ConnectionStrings:Shipping"] = "Host=shipping-db.internal.example-corp.net;Database=shipping;Username=shipping_app;Password=Sh1p-Def4ult!x", // secret: MCV1004
            ["ConnectionStrings:Local"] = "Host=localhost;Database=shipping;Username=postgres;Password=postgres", // clean
            ["Jwt:Issuer"] = "https://login.shipping.example-corp.net", // clean
            ["Jwt:SigningKey"] = "${JWT_SIGNING_KEY}", // clean -- placeholder
            ["Smtp:Password"] = "", // clean -- empty
            ["Secrets:DbPasswordSecretId"] = "prod/shipping/db-password", // clean -- a secret's name
        });

    public static string CliHelp => "Usage: shipping-cli --api-key <your-key> --password <password> [--region eu-west-1]"; // clean -- documentation placeholders

    public static string ReadmeSnippet => "export SHIPPING_API_KEY=changeme"; // clean -- documentation placeholder
}
