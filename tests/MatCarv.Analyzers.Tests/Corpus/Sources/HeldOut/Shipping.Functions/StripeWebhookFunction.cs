using System.Security.Cryptography;
using System.Text;
using Amazon.Lambda.APIGatewayEvents;
using Amazon.Lambda.Core;
using Stripe;

namespace Shipping.Functions;

/// <summary>Receives Stripe events for shipping insurance payments.</summary>
public sealed class StripeWebhookFunction
{
    private const string EndpointSecret = "whsec_MpkJ80qAK1ozpwrmfe7zy8BcSZyYWAxL"; // secret(stripe-whsec): MCV1002|MCV1003
    private const string TestModeKey = "sk_test_9pfh9homULmlrTudm2NGGcXm6GMbeCuDmChwN6twGFhOCWFvJeuCPUnkwaxo5kwHskwkUGqUFl88nu5TDpuM1pCVmtQEvqWn3OC"; // secret(stripe-test): MCV1002|MCV1003
    private const string RestrictedKey = "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"; // secret(stripe-restricted): MCV1002|MCV1003
    private const string PublishableKey = "pk_live_iwFnQuyV2kakdHHhgg2eA2DQ1AcAIEbWn8agHe5pELpjOrjQcRLE5VqN7BRgJxn7X8duRm8VwUo2MzCHpBbjDujZoA5Z9R8Gjnn"; // clean -- publishable keys are public
    private const string SignatureHeader = "Stripe-Signature"; // clean

    public APIGatewayHttpApiV2ProxyResponse Handle(APIGatewayHttpApiV2ProxyRequest request, ILambdaContext context)
    {
        var signature = request.Headers?[SignatureHeader.ToLowerInvariant()] ?? string.Empty;
        var stripeEvent = EventUtility.ConstructEvent(request.Body, signature, EndpointSecret); // same(stripe-whsec)
        context.Logger.LogInformation($"stripe event {stripeEvent.Type}");
        return new APIGatewayHttpApiV2ProxyResponse { StatusCode = 200 };
    }

    public static StripeClient Client(bool live) => new(live ? RestrictedKey : TestModeKey); // same(stripe-test, stripe-restricted)

    public static string Checkout() => PublishableKey;

    public static bool VerifyLegacySignature(string body, string header)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("whsec_wRS9Jfy26OJkN9W98FlCmKRCubJ83hnd")); // secret: MCV1002|MCV1003
        var computed = Convert.ToHexStringLower(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
        return header.Contains(computed, StringComparison.Ordinal);
    }

    public static string ExampleSignatureHeader => "t=1492774577,v1=e46eca8d461bf3dc58e602b5511592f99776fd25d0c2193b0ff981237002f9fc"; // clean -- an example signature, not a key
}
