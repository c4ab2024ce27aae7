using CsCheck;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Tests.Infrastructure;

/// <summary>CsCheck generators for health events with arbitrary (valid UTF-16) text, including non-ASCII and characters JSON must escape.</summary>
internal static class Generators
{
    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char['\u0000', '\u00FF'], 0, 40],
        Gen.String[Gen.Char['\u0100', '\uD7FF'], 0, 20],
        Gen.Const("\"quoted\" \\ back</slash> \n\t é ü 中文 😀"));

    public static readonly Gen<string> Name = Gen.String[Gen.Char.AlphaNumeric, 1, 20];

    public static readonly Gen<HealthStatus> Status = Gen.OneOf(HealthStatus.Healthy, HealthStatus.Degraded, HealthStatus.Unhealthy);

    public static readonly Gen<HealthEventCheck> Check =
        Gen.Select(Name, Status, Gen.Int[0, 100_000], Text.Null(), Text.Array[0, 3].Null(), Gen.OneOf<string?>(null, "System.TimeoutException"),
            (name, status, micros, description, tags, exception) => new HealthEventCheck(name, status, TimeSpan.FromTicks(micros * 10L))
            {
                Description = description,
                Tags = tags,
                ExceptionType = exception,
            });

    public static readonly Gen<HealthEvent> Event =
        Gen.Select(Status, Text.Null(), Check.Array[0, 5], Gen.Bool, Gen.Int[0, 3], Status.Nullable(),
            (status, reason, checks, heartbeat, resources, previous) => new HealthEvent(status, reason)
            {
                Kind = heartbeat ? HealthEventKind.Heartbeat : HealthEventKind.StatusChanged,
                PreviousStatus = previous,
                Checks = checks,
                TotalDuration = checks.Length == 0 ? null : TimeSpan.FromMilliseconds(checks.Length * 3.5),
                Resources = Enumerable.Range(0, resources).Select(i => $"arn:aws:ecs:eu-west-1:123456789012:task/c/{i}é").ToArray(),
            });
}
