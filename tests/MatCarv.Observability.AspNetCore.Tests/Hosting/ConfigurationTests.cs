using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.AspNetCore.Tests.Hosting;

/// <summary>
/// <c>MatCarv:AspNetCore</c> from a real appsettings.json in a real WebApplication: bound by <c>WithAspNetCore</c>, code wins,
/// a key that is no setting fails start-up naming the section.
/// </summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("matcarv-aspnetcore-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_section_is_bound_and_code_wins_over_it()
    {
        await using var app = Build(
            """
            {
              "MatCarv": {
                "AspNetCore": {
                  "TagRequestActivities": false,
                  "RequestsAreInvocations": false,
                  "RedactedQueryParameters": [ "session", "otp" ]
                }
              }
            }
            """,
            o => o.RequestsAreInvocations = null);
        var options = app.Services.GetRequiredService<IOptions<MatCarvAspNetCoreOptions>>().Value;
        Assert.False(options.TagRequestActivities);
        Assert.Null(options.RequestsAreInvocations);
        Assert.Equal(["session", "otp"], options.RedactedQueryParameters);
    }

    [Theory]
    [InlineData("""{ "MatCarv": { "AspNetCore": { "TagRequests": false } } }""", "'MatCarv:AspNetCore'")]
    [InlineData("""{ "MatCarv": { "AspNetCore": { "TagRequestActivities": "sometimes" } } }""", "MatCarv:AspNetCore:TagRequestActivities")]
    public async Task A_bad_value_fails_start_up_naming_the_key(string json, string expected)
    {
        await using var app = Build(json, configure: null);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_WithAspNetCore_the_section_is_not_a_setting()
    {
        // The root section is checked when the telemetry is composed, which may be as the host is built: both count as start-up.
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var app = Build("""{ "MatCarv": { "AspNetCore": { "TagRequestActivities": false } } }""", configure: null, withAspNetCore: false);
            await app.StartAsync();
        });
        Assert.Contains("'AspNetCore' is not a MatCarv setting", error.ToString(), StringComparison.Ordinal);
    }

    private WebApplication Build(string json, Action<MatCarvAspNetCoreOptions>? configure, bool withAspNetCore = true)
    {
        var root = Directory.CreateDirectory(Path.Combine(_directory, Guid.NewGuid().ToString("N"))).FullName;
        File.WriteAllText(Path.Combine(root, "appsettings.json"), json);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = root, Args = [] });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var observability = builder.AddMatCarvObservability(o =>
        {
            o.Output = Stream.Null;
            o.EnvironmentVariables = new Dictionary<string, string?>();
        });
        if (withAspNetCore)
        {
            observability.WithAspNetCore(configure);
        }

        return builder.Build();
    }
}
