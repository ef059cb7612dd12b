using AspireChain.AppHost.Hosting.Orchestration;

namespace AspireChain.AppHost.Hosting.Console;

/// <summary>Tells the person at the terminal what the supervisor does: every state change, and once, that everything is ready.</summary>
internal static class StateChangeReporter
{
    public static async Task RunAsync(ResourceOrchestrator orchestrator, ConsoleLogPrinter printer, string? dashboardUrl, Func<bool> stopped)
    {
        var last = new Dictionary<string, string>(StringComparer.Ordinal);
        var announcedReady = false;
        while (!stopped())
        {
            var next = orchestrator.Changes.Next;
            foreach (var snapshot in orchestrator.GetResources())
            {
                if (last.GetValueOrDefault(snapshot.Name) != snapshot.State)
                {
                    last[snapshot.Name] = snapshot.State;
                    printer.PrintHost($"{snapshot.Name} is {snapshot.State}{(snapshot.RestartCount > 0 ? $" (restarts: {snapshot.RestartCount})" : "")}");
                }
            }

            if (!announcedReady && orchestrator.Runtimes.All(r => r.IsReady))
            {
                announcedReady = true;
                printer.PrintHost($"Every resource is ready. Dashboard: {dashboardUrl ?? "disabled"}");
            }

            await next.ConfigureAwait(false);
        }
    }
}
