using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Shipping.Api.Auth;
using Shipping.Api.Data;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

var dbPassword = Environment.GetEnvironmentVariable("SHIPPING_DB_PASSWORD"); // secret: MCV1005
var dbPasswordArn = Environment.GetEnvironmentVariable("SHIPPING_DB_PASSWORD_SECRET_ARN"); // clean -- the secret's ARN, not the secret
var region = Environment.GetEnvironmentVariable("AWS_REGION") ?? "eu-west-1"; // clean
var redisPassword = Environment.GetEnvironmentVariable("REDIS_AUTH_TOKEN") ?? "Vq7#pLr2!mZx9Tb4"; // secret(redis-fallback): MCV1005, MCV1003|MCV1005
var jwtKey = builder.Configuration["Jwt:SigningKey"] ?? "dX4vN8qRt2LmW6yBcE9hJ3kPzS5aGfU7"; // secret(jwt-fallback): MCV1003|MCV1005 -- the configuration read itself is clean by decision; the fallback literal is hard-coded
var smtpPassword = builder.Configuration["Smtp:Password"]; // clean -- configuration read (Secrets Manager-backed configuration)
var carrierToken = builder.Configuration.GetValue<string>("Carriers:Dhl:ApiToken"); // clean -- configuration read
var logLevel = Environment.GetEnvironmentVariable("LOG_LEVEL") ?? "Information"; // clean

var connectionString = new NpgsqlConnectionStringBuilder
{
    Host = "shipping-db.cluster-c9akciq32.eu-west-1.rds.amazonaws.com", // clean
    Database = "shipping",
    Username = "shipping_app",
    Password = dbPassword ?? "Shipp1ng-Pr0d-2024!", // secret: MCV1003|MCV1005
}.ConnectionString;
builder.Services.AddSingleton(NpgsqlDataSource.Create(connectionString));

builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
    ConnectionMultiplexer.Connect("shipping-cache.x1y2z3.ng.0001.euw1.cache.amazonaws.com:6379,ssl=true,password=" + redisPassword)); // same(redis-fallback) -- the hard-coded fallback flows here
builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
    ConnectionMultiplexer.Connect("localhost:6379,abortConnect=false")); // clean

builder.Services
    .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        options.Authority = "https://login.shipping.example-corp.net"; // clean
        options.Audience = "shipping-api"; // clean
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = "https://login.shipping.example-corp.net", // clean
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwtKey)), // same(jwt-fallback)
        };
    });

builder.Services.AddAuthentication("Legacy")
    .AddJwtBearer("Legacy", options => options.TokenValidationParameters = new TokenValidationParameters
    {
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("c2hpcHBpbmctbGVnYWN5LXNpZ25pbmcta2V5LTIwMjM=")), // secret: MCV1003
        ValidateAudience = false,
    });

builder.Services.AddScoped<ShipmentRepository>();
builder.Services.AddSingleton<PartnerApiKeys>();

var app = builder.Build();

app.MapGet("/health", () => Results.Ok(new { status = "ok", region }));

app.MapPost("/internal/reindex", (HttpRequest request) =>
{
    var supplied = request.Headers["X-Admin-Token"].ToString();
    return supplied == "adm_7Hq2xVn9RkLp4Wm8Zt3Yb6Cs" ? Results.Accepted() : Results.Unauthorized(); // secret: MCV1003
});

app.MapPost("/partners/{partner}/shipments", (string partner, HttpRequest request, PartnerApiKeys keys) =>
{
    var apiKey = request.Headers["X-Api-Key"].ToString(); // clean -- the header name
    return keys.IsValid(partner, apiKey) ? Results.Accepted() : Results.Unauthorized();
});

app.MapGet("/debug/config", () => new
{
    Password = "********", // clean -- masked value
    ApiKey = "<redacted>", // clean
    LogLevel = logLevel,
});

app.Run();
