using Microsoft.AspNetCore.Mvc;

namespace Shipping.Api.Auth;

[ApiController]
[Route("legacy/labels")]
[BasicAuth(Realm = "labels", Username = "label-printer", Password = "Pr1nt3r!Fl33t#77")] // secret: MCV1003
public sealed class LegacyLabelController : ControllerBase
{
    [HttpGet("{id}")]
    [BasicAuth(Realm = "labels", Username = "warehouse", PasswordSecretName = "prod/shipping/warehouse-basic-auth")] // clean
    public IActionResult Get(string id) => Ok(id);

    [HttpPost]
    [ApiKey("X-Warehouse-Key", "whk_9Lm4Qz7Xv2Rp8Tn3Kb6Wc5Hy")] // secret: MCV1003
    public IActionResult Create() => Accepted();

    [HttpDelete("{id}")]
    [ApiKey("X-Warehouse-Key", "{{WAREHOUSE_API_KEY}}")] // clean -- template token replaced at deploy time
    public IActionResult Delete(string id) => NoContent();
}
