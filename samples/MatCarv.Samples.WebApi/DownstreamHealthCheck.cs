using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.Samples.WebApi;

/// <summary>Reports the warehouse dependency; <c>POST /admin/warehouse/{up|down}</c> flips it to show health events.</summary>
internal sealed class DownstreamHealthCheck : IHealthCheck
{
    private volatile bool _up = true;

    public void Set(bool up) => _up = up;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_up ? HealthCheckResult.Healthy("warehouse reachable") : HealthCheckResult.Unhealthy("warehouse unreachable"));
}
