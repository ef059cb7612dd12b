var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: the embedded broker, unless ConnectionStrings:kafka names an existing cluster.
var kafka = builder.AddKafka("kafka");

// Every service derives the same genesis from the same chain parameters (section "Chain").
var chain = builder.Configuration.GetSection("Chain");

// Services
var chainQuery = builder.AddProject<Projects.AspireChain_ChainQuery>("chainquery")
    .WithReference(kafka).WaitFor(kafka).WithConfiguration(chain).WithHttpHealthCheck("/health");

builder.AddProject<Projects.AspireChain_TransactionIngest>("ingest")
    .WithReference(kafka).WithReference(chainQuery).WaitFor(kafka).WithConfiguration(chain).WithHttpHealthCheck("/health");

builder.AddProject<Projects.AspireChain_Miner>("miner")
    .WithReplicas(builder.Configuration.GetValue("Miners", 3))
    .WithReference(kafka).WaitFor(kafka).WithConfiguration(chain).WithHttpHealthCheck("/health");

builder.AddProject<Projects.AspireChain_Validator>("validator")
    .WithReplicas(builder.Configuration.GetValue("Validators", 1))
    .WithReference(kafka).WaitFor(kafka).WithConfiguration(chain).WithHttpHealthCheck("/health");

builder.Build().Run();
