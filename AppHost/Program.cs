using AspireChain.AppHost.AppModel;
using AspireChain.Hosting;   // AddKafka without Docker; where Docker runs, Aspire.Hosting.Kafka's AddKafka is the one-line swap.

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: the embedded broker, or the cluster named by ConnectionStrings:kafka.
var kafka = builder.AddKafka("kafka");

// What every service shares: the chain parameters (one genesis) and a data directory for this run's stores.
var chain = builder.AddChainSettings();

// Ingest tags each transfer it verified with a secret it shares with the miners, who check the tag instead of the
// signature. The Validator verifies every signature itself.
var attestation = builder.AddTransferAttestation();

// Services
var chainQuery = builder.AddProject<Projects.AspireChain_ChainQuery>("chainquery")
    .WithReference(kafka).WaitFor(kafka).WithChainSettings(chain).WithHttpHealthCheck("/health")
    .WithExplorer().WithVerifyChainCommand().WithDashboardLinks();

var ingest = builder.AddProject<Projects.AspireChain_TransactionIngest>("ingest")
    .WithReference(kafka).WithReference(chainQuery).WaitFor(kafka).WithChainSettings(chain).WithAttestingIngest(attestation)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.AspireChain_Miner>("miner")
    .WithReplicas(builder.Configuration.GetValue("Miners", 3))
    .WithReference(kafka).WaitFor(kafka).WithChainSettings(chain).WithMinersAttestation(attestation)
    .WithHttpHealthCheck("/health").WithMineNowCommand();

builder.AddProject<Projects.AspireChain_Validator>("validator")
    .WithReplicas(builder.Configuration.GetValue("Validators", 1))
    .WithReference(kafka).WaitFor(kafka).WithChainSettings(chain)
    .WithHttpHealthCheck("/health");

// Tools: the load generator waits for Start in the dashboard; the endpoints file lets the aspirechain CLI find this run.
builder.AddProject<Projects.AspireChain_LoadGenerator>("loadgen").WithReference(ingest).WithReference(chainQuery).WithChainSettings(chain)
    .WithExplicitStart().WithArgs("--wallets", "10", "--transactions", "300", "--rate", "20", "--timeout", "5m");
builder.AddEndpointsFile(ingest, chainQuery);

builder.Build().Run();
