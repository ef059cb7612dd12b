using AspireChain.Contracts.Hosting;
using System.Net.Http.Json;
using AspireChain.Ledger;
using AspireChain.ServiceDefaults;
using AspireChain.Validator.Apis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AspireChain.Validator.Tests;

/// <summary>
/// Safe defaults by environment: a node not running as Development refuses the dev and test presets (their faucet and
/// validator keys are public) with one message unless explicitly allowed, which it warns about; a network of its own
/// starts only with a signing key of its own, never the dev key.
/// </summary>
public sealed class EnvironmentDefaultsTests : BrokerTests
{
    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task A_production_host_on_the_default_network_refuses_to_start_with_one_message_saying_what_is_public_and_what_to_do()
    {
        var settings = Settings("default.db");
        // No Chain:Network at all: the default is dev.
        settings.Remove("Chain:Network");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings, Environments.Production));

        Assert.StartsWith("Refusing to start as Production on network 'dev'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("the dev faucet premine", refused.Message, StringComparison.Ordinal);
        Assert.Contains("the dev validator key", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Chain:AllowPublicDevelopmentKeys=true", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Run a private network", refused.Message, StringComparison.Ordinal);
        Assert.Equal(refused.Message, PublicDevelopmentKeys.Refusal(Environments.Production, "dev", NetworkParameters.Dev.PublicDevelopmentKeys()));
    }

    [Fact]
    public async Task The_test_preset_is_refused_outside_development_too()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(Settings("test.db"), "Staging"));

        Assert.StartsWith("Refusing to start as Staging on network 'test'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_explicit_opt_in_a_production_host_starts_on_the_dev_keys_and_warns()
    {
        var settings = Settings("allowed.db");
        settings[ChainOptions.AllowPublicDevelopmentKeysKey] = "true";

        await using var validator = await StartAsync(settings, Environments.Production);

        Assert.Equal(Genesis.Create(NetworkParameters.Test).Hash.ToString(), (await validator.Client.GetFromJsonAsync<ValidatorStatus>("/validator"))!.TipHash);
        var warning = Assert.Single(_logs.Warnings(typeof(PublicDevelopmentKeys).FullName!));
        Assert.Contains("Running as Production on network 'test' with public keys", warning, StringComparison.Ordinal);
        Assert.Contains("the dev validator key", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_development_host_starts_on_the_dev_keys_without_a_warning()
    {
        await using var validator = await StartAsync(Settings("development.db"), Environments.Development);

        Assert.Empty(_logs.Warnings(typeof(PublicDevelopmentKeys).FullName!));
    }

    [Fact]
    public async Task A_network_of_its_own_needs_a_signing_key_of_its_own_and_then_starts_in_production_without_a_warning()
    {
        using var own = KeyPair.FromSeed([0x77, 0x02]);
        var settings = Settings("own.db");
        settings["Chain:Network"] = "private-a";
        settings["Chain:ValidatorPublicKeys"] = own.PublicKey.ToString();
        settings["Chain:Allocations:0:Address"] = own.Address.ToString();
        settings["Chain:Allocations:0:Amount"] = "1000";

        var keyless = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings, Environments.Production));
        Assert.Contains("No validator signing key: network 'private-a' needs Validator:SigningKey", keyless.Message, StringComparison.Ordinal);

        using var dev = DevValidator.CreateKeyPair();
        settings["Validator:SigningKey"] = dev.ExportPrivateKeyHex();
        var devKey = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(settings, Environments.Production));
        Assert.Contains("is the public dev validator key", devKey.Message, StringComparison.Ordinal);

        settings["Validator:SigningKey"] = own.ExportPrivateKeyHex();
        await using var validator = await StartAsync(settings, Environments.Production);
        Assert.Empty(_logs.Warnings(typeof(PublicDevelopmentKeys).FullName!));
    }

    private Dictionary<string, string?> Settings(string database) => TestNetwork.Validator(_broker, _data.File(database));

    private Task<ServiceHost> StartAsync(Dictionary<string, string?> settings, string environment) =>
        ServiceHost.StartAsync(
            (args, configure) => ValidatorApp.Build(args, builder =>
            {
                configure?.Invoke(builder);
                builder.Logging.AddProvider(_logs);
            }),
            settings,
            environment);
}
