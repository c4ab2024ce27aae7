using System.Text;
using Billing.Service.Configuration;
using Billing.Service.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddJsonFile("appsettings.json", optional: true); // clean

var stripeSecret = builder.Configuration["Stripe:SecretKey"]; // clean -- configuration read
var stripeFallback = builder.Configuration["Stripe:SecretKey"] ?? "sk_live_5qgppNEB7eTibLJ1IlmxKGvS"; // secret: MCV1002|MCV1005
var invoiceDbPassword = Environment.GetEnvironmentVariable("INVOICE_DB_PASSWORD") ?? "1nv0ice-Db!2025"; // secret(invoice-db): MCV1005, MCV1003|MCV1005
var pdfServiceKey = Environment.GetEnvironmentVariable("PDF_SERVICE_API_KEY"); // secret: MCV1005
var pdfServiceUrl = Environment.GetEnvironmentVariable("PDF_SERVICE_URL") ?? "http://pdf-renderer:8080"; // clean
var maxRetries = Environment.GetEnvironmentVariable("BILLING_MAX_RETRIES") ?? "3"; // clean
var passwordResetUrl = Environment.GetEnvironmentVariable("PASSWORD_RESET_URL") ?? "https://billing.example-corp.net/reset"; // clean
var tokenSigning = Environment.GetEnvironmentVariable("BILLING_TOKEN_SIGNING_KEY") ?? "dev-only"; // secret: MCV1005 -- the fallback is a placeholder

builder.Services.AddDbContext<BillingDbContext>(o =>
    o.UseNpgsql($"Host=billing-db.cluster-q4w8e2r6.eu-central-1.rds.amazonaws.com;Database=billing;Username=billing_app;Password={invoiceDbPassword}")); // same(invoice-db)

builder.Services.Configure<PaymentOptions>(builder.Configuration.GetSection("Payments")); // clean
builder.Services.Configure<PaymentOptions>(o => o.WebhookSecret ??= "whsec_8PBNI9uVVso0HxojoCbV768VnJKUfQtX"); // secret: MCV1002|MCV1003

var signingKey = new SymmetricSecurityKey(Convert.FromBase64String("NFd9M5QYNeh4Tk/Ld8SEo7gmA8Ul/1M8JXeygBKxc+Y=")); // secret: MCV1003
builder.Services.AddSingleton(signingKey);

var app = builder.Build();

app.MapGet("/", () => "billing"); // clean
app.MapGet("/invoices/{id:guid}", async (Guid id, BillingDbContext db) => await db.Invoices.FindAsync(id));
app.MapPost("/admin/close-period", (HttpContext ctx) =>
    ctx.Request.Headers.Authorization == "Bearer V9I_uQMcmfuKJnPNWZL11ezY8bXQP" ? Results.Ok() : Results.Forbid()); // secret: MCV1003
app.MapGet("/config", () => new { StripeMode = stripeSecret?.StartsWith("sk_live_", StringComparison.Ordinal) == true ? "live" : "test", Retries = maxRetries, passwordResetUrl, pdfServiceUrl, HasPdfKey = pdfServiceKey is not null, stripeFallback, tokenSigning }); // clean

app.Run();
