using System.Diagnostics;
using AspireChain.AppHost.Hosting;
using AspireChain.AppHost.Hosting.Orchestration;
using AspireChain.AppHost.Hosting.Testing;

namespace AspireChain.AppHost.Tests.Hosting;

/// <summary>No orphans: children die with the application, whether it is disposed or the AppHost process is SIGKILLed.</summary>
[Collection(ProcessLifetimeCollection.Name)]
[Trait("Category", "Distributed")]
public sealed class ProcessLifetimeTests
{
    private static readonly string[] ServiceAssemblies = ["AspireChain.ChainQuery.dll", "AspireChain.TransactionIngest.dll", "AspireChain.Miner.dll", "AspireChain.Validator.dll"];

    [Fact]
    public async Task Disposing_the_application_ends_every_child_process_and_removes_its_data()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AspireChain_AppHost>(["--Miners=1", "--Dashboard:Enabled=false"]);
        var app = await builder.BuildAsync();
        List<int> pids;
        try
        {
            await app.StartAsync();
            using var timeout = new CancellationTokenSource(DistributedCollection.StartTimeout);
            foreach (var project in app.GetResources().Where(r => r.ResourceType == "Project"))
            {
                await app.WaitForResourceAsync(project.Name, s => s.ProcessId is not null, timeout.Token);
            }

            pids = app.GetResources().Where(r => r.ResourceType == "Project").Select(r => r.ProcessId!.Value).ToList();
            Assert.Equal(4, pids.Count);
            Assert.All(pids, pid => Assert.True(ProcessTable.IsAlive(pid)));
            Assert.True(Directory.Exists(app.DataDirectory));
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.Empty(await ProcessTable.WaitUntilDeadAsync(pids, TimeSpan.FromSeconds(5)));
        Assert.All(app.GetResources().Where(r => r.ResourceType == "Project"), r => Assert.Equal(nameof(ResourceState.Stopped), r.State));
        Assert.False(Directory.Exists(app.DataDirectory));
    }

    [Fact]
    public async Task SIGKILL_of_the_apphost_process_takes_its_children_with_it()
    {
        Assert.True(ChildProcessLauncher.TiesChildrenToParent, "setpriv (util-linux) is needed to tie children to the AppHost's lifetime");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "aspirechain-test-" + Guid.NewGuid().ToString("N"));
        string[] arguments =
        [
            new Projects.AspireChain_AppHost().TargetPath,
            "--Miners=1", "--Dashboard:UiPort=0", "--Dashboard:OtlpGrpcPort=0", "--Dashboard:OtlpHttpPort=0", $"--AppHost:DataDirectory={dataDirectory}",
        ];
        using var appHost = await ChildProcessLauncher.Shared.StartAsync(
            ChildProcessLauncher.DotnetHostPath, arguments, Path.GetTempPath(), new Dictionary<string, string>(), (_, _) => { });
        IReadOnlyList<int> children = [];
        try
        {
            // Every service process is a direct child of the AppHost (setpriv execs, so no wrapper in between).
            var deadline = Stopwatch.StartNew();
            while (children.Count < ServiceAssemblies.Length && deadline.Elapsed < DistributedCollection.StartTimeout && !appHost.HasExited)
            {
                await Task.Delay(250);
                children = ProcessTable.ChildrenOf(appHost.Id, "AspireChain.");
            }

            Assert.False(appHost.HasExited, "the AppHost exited on its own");
            Assert.Equal(ServiceAssemblies.Length, children.Count);

            appHost.Kill();
            await appHost.WaitForExitAsync();

            Assert.Empty(await ProcessTable.WaitUntilDeadAsync(children, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            foreach (var pid in children.Where(ProcessTable.IsAlive))
            {
                Process.GetProcessById(pid).Kill();
            }

            if (!appHost.HasExited)
            {
                appHost.Kill(entireProcessTree: true);
            }

            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
