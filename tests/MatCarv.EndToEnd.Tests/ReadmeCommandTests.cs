using System.Text.RegularExpressions;
using MatCarv.EndToEnd.Tests.Infrastructure;
using MatCarv.Testing;

namespace MatCarv.EndToEnd.Tests;

/// <summary>Commands the README gives, run exactly as written from a copy of the repository.</summary>
[Trait("Category", "Slow")]
public sealed partial class ReadmeCommandTests
{
    [Fact]
    public async Task Readme_native_aot_publish_of_the_lambda_sample_works_as_written_with_zero_trim_or_aot_warnings()
    {
        var command = Readme.Command("dotnet publish samples/MatCarv.Samples.LambdaFunction");
        Assert.Contains("-p:PublishAot=true", command, StringComparison.Ordinal);
        using var repository = await RepositoryCopy.CreateAsync();
        var words = Readme.Words(command);

        var publish = await ProcessRunner.RunAsync(words[0], words[1..], repository.Path, timeout: TimeSpan.FromMinutes(15));

        Assert.True(publish.ExitCode == 0, command + "\n" + publish.Describe());
        var warnings = publish.StandardOutput.Split('\n').Where(l => TrimOrAotWarning().IsMatch(l)).Distinct().ToList();
        Assert.True(warnings.Count == 0, "trim/AOT warnings:\n" + string.Join('\n', warnings));

        // The native binary runs and emits every signal (the same checks as the JIT run of the sample).
        var binary = Path.Combine(repository.Path, "samples", "MatCarv.Samples.LambdaFunction", "bin", "Release", "net10.0", "linux-x64", "publish", "MatCarv.Samples.LambdaFunction");
        Assert.True(File.Exists(binary), "no native binary at " + binary + "\n" + publish.Describe());
        Assert.False(File.Exists(Path.ChangeExtension(binary, ".dll")), "the publish folder holds IL, not a native binary");
        using var daemon = new UdpCollector();
        using var eventBridge = new PutEventsCollector();
        var run = await ProcessRunner.RunAsync(binary, [], repository.Path, LambdaSampleTests.SampleEnvironment(daemon, eventBridge), TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, run.Describe());
        await Task.Delay(300);
        LambdaSampleTests.AssertLambdaSignals(run.StandardOutput, daemon, eventBridge);
    }

    /// <summary>
    /// Issue 15, "done when": the README's main job (the Lambda sample, as written) run under Lambda's advanced logging
    /// controls (<c>AWS_LAMBDA_LOG_FORMAT=JSON AWS_LAMBDA_LOG_LEVEL=WARN</c>) prints only levels Lambda recognises — Lambda
    /// files any other value, or a line without one, as INFO and drops it at WARN — and still prints its warnings and errors.
    /// </summary>
    [Fact]
    public async Task Readme_main_job_under_lambda_log_controls_prints_only_lambda_levels_and_still_its_warnings_and_errors()
    {
        var command = Readme.Command("dotnet run -c Release --project samples/MatCarv.Samples.LambdaFunction");
        using var repository = await RepositoryCopy.CreateAsync();
        var words = Readme.Words(command);

        var run = await ProcessRunner.RunAsync(words[0], words[1..], repository.Path, FreshMachine(repository.Path, ("AWS_LAMBDA_LOG_FORMAT", "JSON"), ("AWS_LAMBDA_LOG_LEVEL", "WARN")), TimeSpan.FromMinutes(15));

        Assert.True(run.ExitCode == 0, command + "\n" + run.Describe());
        LambdaSampleTests.AssertOnlyLambdaLevels(run.StandardOutput, healthEventsOnStdout: true);
    }

    /// <summary>
    /// The environment of the README's "fresh machine": no AWS configuration or credentials and none of the variables the
    /// sample would otherwise take from the caller, plus the given ones.
    /// </summary>
    private static Dictionary<string, string?> FreshMachine(string home, params (string Name, string? Value)[] set)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = null,
            ["AWS_SECRET_ACCESS_KEY"] = null,
            ["AWS_SESSION_TOKEN"] = null,
            ["AWS_PROFILE"] = null,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = null,
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = null,
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = null,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(home, "no-aws", "credentials"),
            ["AWS_CONFIG_FILE"] = Path.Combine(home, "no-aws", "config"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_XRAY_DAEMON_ADDRESS"] = null,
            ["AWS_LAMBDA_FUNCTION_NAME"] = null,
            ["AWS_LAMBDA_LOG_FORMAT"] = null,
            ["AWS_LAMBDA_LOG_LEVEL"] = null,
            ["POWERTOOLS_SERVICE_NAME"] = null,
            ["POWERTOOLS_LOG_LEVEL"] = null,
            ["MATCARV_HEALTH_EVENTS_TRANSPORT"] = null,
            ["_X_AMZN_TRACE_ID"] = null,
        };
        foreach (var (name, value) in set)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Every trim and AOT analysis warning (IL2xxx, IL3xxx), from our code or from dependencies.</summary>
    [GeneratedRegex(@"warning IL[23]\d{3}")]
    private static partial Regex TrimOrAotWarning();
}
