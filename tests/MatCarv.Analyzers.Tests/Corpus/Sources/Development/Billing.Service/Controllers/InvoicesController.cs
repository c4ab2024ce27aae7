using System.Net.Http.Headers;
using Billing.Service.Persistence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Billing.Service.Controllers;

[ApiController]
[Route("api/invoices")]
[Authorize(Policy = "billing-reader")] // clean
public sealed class InvoicesController(BillingDbContext db, IHttpClientFactory httpClients) : ControllerBase
{
    private const string RendererToken = "NNg8esbNR7i_DYodDpc3W8KanZBGA1GeaAY5TMw"; // secret(renderer): MCV1003
    private const string RendererTokenHeader = "X-Renderer-Token"; // clean

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Get(Guid id) => await db.Invoices.FindAsync(id) is { } invoice ? Ok(invoice) : NotFound();

    [HttpGet("{id:guid}/pdf")]
    public async Task<IActionResult> Pdf(Guid id)
    {
        var http = httpClients.CreateClient("renderer");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"render/invoice/{id}");
        request.Headers.Add(RendererTokenHeader, RendererToken); // same(renderer)
        using var response = await http.SendAsync(request);
        return File(await response.Content.ReadAsByteArrayAsync(), "application/pdf");
    }

    [HttpPost("{id:guid}/send")]
    [AllowAnonymous]
    public IActionResult Send(Guid id, [FromHeader(Name = "X-Api-Key")] string apiKey) // clean
    {
        if (apiKey != "_QbbiJBo10yYIHd13Lux9yUW89vyEbI") // secret: MCV1003
        {
            return Unauthorized();
        }

        return Accepted(id);
    }

    [HttpGet("export")]
    public async Task<IActionResult> Export()
    {
        var http = httpClients.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", "2jh7aeuS8V2fRr6MsR5Za5VRVLhVXFYIc"); // secret: MCV1003
        return Ok(await http.GetStringAsync(new Uri("https://erp.example-corp.net/api/export")));
    }
}
