namespace AspireChain.DistributedTests.Systems;

/// <summary>A system (two miners, one validator) whose embedded broker the fault scenarios break and mend.</summary>
public sealed class BrokerFaultSystemFixture : SystemFixture
{
    protected override IEnumerable<string> Arguments => ["--Miners=2", "--Validators=1"];
}
