namespace AspireChain.Ledger.Tests.Consensus;

/// <summary>Dev keys stay on dev networks: any other network starts only with its own genesis allocation and validator key.</summary>
public sealed class NetworkConfigurationTests
{
    private static readonly KeyPair OwnValidator = KeyPair.FromSeed([0x0A, 0x11]);
    private static readonly Address Treasury = Address.Parse("0123456789abcdef0123456789abcdef01234567");

    [Fact]
    public void Dev_and_test_pin_the_dev_validator_and_premine_to_the_dev_faucet()
    {
        foreach (var network in new[] { NetworkParameters.Dev, NetworkParameters.Test, NetworkParameters.From(new ChainOptions { Network = "test" }) })
        {
            Assert.True(network.IsDevelopment);
            Assert.Equal([DevValidator.PublicKey], network.ValidatorKeys);
            Assert.Equal(DevFaucet.Address, Assert.Single(network.Premine).Recipient);
        }
    }

    [Fact]
    public void Another_network_without_allocation_or_validator_key_refuses_to_start_and_says_what_to_configure()
    {
        var error = Assert.Throws<ArgumentException>(() => NetworkParameters.From(new ChainOptions { Network = "main" }));

        Assert.Contains("Chain:Allocations", error.Message, StringComparison.Ordinal);
        Assert.Contains("Chain:ValidatorPublicKeys", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_network_may_use_neither_the_dev_faucet_nor_the_dev_validator_key()
    {
        var options = Configured();
        options.Allocations.Add(new GenesisAllocationOptions { Address = DevFaucet.Address.ToString(), Amount = 5 });
        options.ValidatorPublicKeys += "," + DevValidator.PublicKey;
        options.PremineAmount = 10;

        var error = Assert.Throws<ArgumentException>(() => NetworkParameters.From(options));

        Assert.Contains("dev faucet", error.Message, StringComparison.Ordinal);
        Assert.Contains("dev validator key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Chain:PremineAmount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_key_or_allocation_is_named()
    {
        var options = new ChainOptions { Network = "main", ValidatorPublicKeys = "04zz" };
        options.Allocations.Add(new GenesisAllocationOptions { Address = "not-an-address", Amount = 1 });

        var error = Assert.Throws<ArgumentException>(() => NetworkParameters.From(options));

        Assert.Contains("Chain:ValidatorPublicKeys entry", error.Message, StringComparison.Ordinal);
        Assert.Contains("Chain:Allocations:0:Address", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_network_pins_its_key_funds_its_allocations_and_gets_a_chain_id_of_its_own()
    {
        var network = NetworkParameters.From(Configured());

        Assert.False(network.IsDevelopment);
        Assert.Equal("main", network.Name);
        Assert.Equal([OwnValidator.PublicKey], network.ValidatorKeys);
        Assert.Equal(new PremineAllocation(Treasury, 21_000_000), Assert.Single(network.Premine));
        Assert.NotEqual(NetworkParameters.Dev.ChainId, network.ChainId);
        Assert.NotEqual(NetworkParameters.Test.ChainId, network.ChainId);
        Assert.Equal(network.ChainId, NetworkParameters.From(Configured()).ChainId);
        Assert.Equal(77u, NetworkParameters.From(Configured(chainId: 77)).ChainId);
        Assert.Equal(21_000_000UL, new Chain(network).GetAccount(Treasury).Balance);
        Assert.Equal(0UL, new Chain(network).GetAccount(DevFaucet.Address).Balance);
    }

    [Fact]
    public void A_dev_network_may_pin_its_own_validator_key()
    {
        var network = NetworkParameters.From(new ChainOptions { Network = "test", ValidatorPublicKeys = OwnValidator.PublicKey.ToString() });

        Assert.Equal([OwnValidator.PublicKey], network.ValidatorKeys);
        Assert.False(network.IsValidatorKey(DevValidator.PublicKey));
    }

    [Fact]
    public void Dev_and_test_say_what_they_use_that_is_public_and_a_network_of_its_own_uses_nothing_public()
    {
        var dev = NetworkParameters.From(new ChainOptions());
        Assert.Equal("dev", dev.Name);
        // Unset means dev, and public keys are not allowed outside Development by default.
        Assert.True(dev.IsDevelopment);
        Assert.False(new ChainOptions().AllowPublicDevelopmentKeys);
        var used = dev.PublicDevelopmentKeys();
        Assert.Equal(3, used.Count);
        Assert.Contains("the 'dev' preset", used[0], StringComparison.Ordinal);
        Assert.Contains($"the dev faucet premine (1,000,000 coins to {DevFaucet.Address})", used[1], StringComparison.Ordinal);
        Assert.Contains("the dev validator key", used[2], StringComparison.Ordinal);
        // A test chain with its own validator key is still a preset, with the public faucet premine.
        var ownKey = NetworkParameters.From(new ChainOptions { Network = "test", ValidatorPublicKeys = OwnValidator.PublicKey.ToString() }).PublicDevelopmentKeys();
        Assert.Equal(2, ownKey.Count);

        Assert.Empty(NetworkParameters.From(Configured()).PublicDevelopmentKeys());
    }

    [Fact]
    public void A_network_of_its_own_derives_its_default_chain_id_from_its_name_the_way_a_client_pins_it()
    {
        Assert.Equal(NetworkParameters.From(Configured()).ChainId, NetworkParameters.DefaultChainId("main"));
        Assert.Equal(NetworkParameters.DefaultChainId("main"), NetworkParameters.DefaultChainId(" Main "));
        Assert.NotEqual(NetworkParameters.DefaultChainId("main"), NetworkParameters.DefaultChainId("main-2"));
    }

    private static ChainOptions Configured(uint? chainId = null)
    {
        var options = new ChainOptions { Network = "main", ValidatorPublicKeys = OwnValidator.PublicKey.ToString(), ChainId = chainId };
        options.Allocations.Add(new GenesisAllocationOptions { Address = Treasury.ToString(), Amount = 21_000_000 });
        return options;
    }
}
