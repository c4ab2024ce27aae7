using MatCarv.Observability.Lambda;

await using var telemetry = MatCarvLambda.Create();
await using (telemetry.BeginInvocation(new LambdaInvocation(Guid.NewGuid().ToString())))
{
}
