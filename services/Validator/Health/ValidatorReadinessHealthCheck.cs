using AspireChain.Validator.Consumers;
using AspireChain.Validator.Options;
using AspireChain.Validator.Validation;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AspireChain.Validator.Health;

/// <summary>
/// Readiness of judging: unhealthy while starting, while holding <c>candidates</c> without being able to judge them
/// (behind on <c>blocks</c>), or when candidates wait and none was judged for <see cref="ValidatorOptions.StallAfter"/>:
/// a stalled validator is never healthy. Following <c>blocks</c> has its own check.
/// </summary>
internal sealed class ValidatorReadinessHealthCheck(CandidateValidation validation, CandidateBacklog backlog, IOptions<ValidatorOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stall = options.Value.StallAfter;
        var data = new Dictionary<string, object>
        {
            ["active"] = validation.IsActive,
            ["candidatesWaiting"] = backlog.Waiting,
            ["secondsSinceJudged"] = Math.Round(backlog.SinceJudged.TotalSeconds, 1),
        };
        HealthCheckResult result;
        if (!validation.IsReady)
        {
            result = HealthCheckResult.Unhealthy("starting: initialising transactions and reading blocks to its end", data: data);
        }
        else if (backlog.HeldWithoutJudging is { } held && held > stall)
        {
            result = HealthCheckResult.Unhealthy($"stalled: candidates assigned for {held.TotalSeconds:0} s but not judged ({validation.NotActiveReason})", data: data);
        }
        else if (validation.IsActive && backlog.Waiting > 0 && backlog.SinceJudged > stall)
        {
            result = HealthCheckResult.Unhealthy($"stalled: {backlog.Waiting} candidate(s) waiting and none judged for {backlog.SinceJudged.TotalSeconds:0} s", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy(validation.IsActive ? "active on candidates" : validation.NotActiveReason ?? "standby", data: data);
        }

        return Task.FromResult(result);
    }
}
