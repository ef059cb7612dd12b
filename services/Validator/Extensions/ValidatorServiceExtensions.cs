using AspireChain.Contracts.Hosting;
using AspireChain.Contracts.Telemetry;
using AspireChain.Following;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults;
using AspireChain.Validator.Consumers;
using AspireChain.Validator.Health;
using AspireChain.Validator.Options;
using AspireChain.Validator.Snapshots;
using AspireChain.Validator.Telemetry;
using AspireChain.Validator.Validation;
using Microsoft.Extensions.Options;
using AspireChain.Validator.Identity;
using AspireChain.Validator.AppliedBlocks;

namespace AspireChain.Validator.Extensions;

/// <summary>The Validator's services in DI: options, the signing key, the shared blocks follower and the candidate loop.</summary>
public static class ValidatorServiceExtensions
{
    /// <summary>Registers everything the Validator runs on top of <c>AddServiceDefaults()</c>.</summary>
    public static IHostApplicationBuilder AddValidator(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        builder.Services.AddOptions<ValidatorOptions>()
            .Bind(configuration.GetSection(ValidatorOptions.SectionName))
            .ResolveInstance(configuration, ValidatorIdentity.Source, "validator.db")
            .PostConfigure(options => options.TransactionalId ??= $"aspirechain-validator-{options.InstanceId}");
        builder.AddChainContracts();

        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ValidatorSigningKey>();
        // Follows blocks all the time (active or standby); each signed block moves the stored candidates cursor with it.
        builder.AddBlocksFollowing<CandidatesCursor>(sp => sp.GetRequiredService<IOptions<ValidatorOptions>>().Value.DataPath!, FollowingOptions.PrunedHistoryBlocks);
        builder.Services.AddSingleton<ValidatorTelemetry>();
        builder.Services.AddSingleton<CandidateBacklog>();
        builder.Services.AddSingleton(sp => new SignatureChecks(sp.GetRequiredService<ValidatorTelemetry>().SignaturesChecked));
        builder.Services.AddSingleton(sp => new CandidateJudge(sp.GetRequiredService<IOptions<ValidatorOptions>>().Value.RememberVerifiedSignatures));
        builder.Services.AddSingleton<SnapshotPublisher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SnapshotPublisher>());
        builder.Services.AddSingleton<CandidateValidation>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CandidateValidation>());
        builder.Services.AddHealthChecks().AddCheck<ValidatorReadinessHealthCheck>("validator", tags: ["ready"]);
        return builder;
    }
}
