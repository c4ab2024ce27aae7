using System.Net.Http.Headers;
using Amazon.Lambda.Core;

namespace Shipping.Functions;

/// <summary>Publishes the generated tracking client SDKs when a release is tagged.</summary>
public sealed class ClientSdkPublisher
{
    private const string NpmToken = "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"; // secret(npm): MCV1002|MCV1003
    private const string PyPiToken = "pypi-AgEIcHlwaS5vcmcCJSRiNDFhMmM3YjAzYzBhMjRlNmJjY2JjYjRhYTlkYTRmOTkyOTcAAjp7InZlcnNpb24iOjEsInBlcm1pc3Npb25zIjp7InByb2plY3RzIjpbIm9yZGVycy1jbGllbnQiXX19AAAGIJRO8xG-sK2qBlWWxWeDnK-ngBjoEPFg9UmAe8GehILI"; // secret(pypi): MCV1002|MCV1003
    private const string DockerHubToken = "dckr_pat_ghZglfTu3Q01EjVt-c9RqP8si3s"; // secret(docker): MCV1002|MCV1003
    private const string NuGetFeed = "https://api.nuget.org/v3/index.json"; // clean
    private const string NpmRegistry = "https://registry.npmjs.org/"; // clean
    private const string DockerHubUser = "examplecorpci"; // clean

    public async Task PublishAsync(string version, ILambdaContext context)
    {
        var npmrc = $"//registry.npmjs.org/:_authToken={NpmToken}\nalways-auth=true\n"; // same(npm)
        await File.WriteAllTextAsync("/tmp/.npmrc", npmrc);

        var pypirc = "[pypi]\nusername = __token__\npassword = " + PyPiToken + "\n"; // same(pypi)
        await File.WriteAllTextAsync("/tmp/.pypirc", pypirc);

        using var http = new HttpClient();
        var login = await http.PostAsync(new Uri("https://hub.docker.com/v2/auth/token"), JsonContent.Create(new { identifier = DockerHubUser, secret = DockerHubToken })); // same(docker)
        context.Logger.LogInformation($"published {version} to {NpmRegistry}, {NuGetFeed}: docker login {login.StatusCode}");
    }

    public static HttpClient GitHubReleases()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "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"); // secret: MCV1002|MCV1003
        http.DefaultRequestHeaders.UserAgent.ParseAdd("shipping-sdk-publisher/2.1"); // clean
        return http;
    }

    public static HttpClient GitLabMirror()
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.Add("PRIVATE-TOKEN", "glpat-3Uu6rZymUTQaZVlyBNRQ"); // secret: MCV1002|MCV1003
        return http;
    }

    public static string ReleaseCommit => "abcd32a75207a3ffdd4da39edfffe87eb2d3c6ea"; // clean -- a git commit id

    public static string DocsSample => "npm config set //registry.npmjs.org/:_authToken=${NPM_TOKEN}"; // clean -- template
}
