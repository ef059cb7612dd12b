using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AspireChain.Validator.Validation;

/// <summary>Readiness: transactions initialised and <c>blocks</c> caught up, so this replica can judge (active) or take over (standby).</summary>
internal sealed class ValidatorReadinessHealthCheck(CandidateValidation validation) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(validation.IsReady
            ? HealthCheckResult.Healthy(validation.IsActive ? "active on candidates" : "standby")
            : HealthCheckResult.Unhealthy("starting: initialising transactions and catching up on blocks"));
}
