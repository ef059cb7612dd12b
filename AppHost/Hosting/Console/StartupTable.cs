using AspireChain.AppHost.Dashboard.Resources;
using Spectre.Console;

namespace AspireChain.AppHost.Hosting.Console;

/// <summary>The table printed once at start-up: every resource, its type, where it listens, and where its data lives.</summary>
internal static class StartupTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ResourceSnapshot> resources, string? dashboardUrl, string dataDirectory)
    {
        var table = new Table().RoundedBorder().Title("[bold]AspireChain[/]")
            .AddColumn("Resource").AddColumn("Type").AddColumn("Replica of").AddColumn("Endpoints").AddColumn("State");
        foreach (var resource in resources)
        {
            table.AddRow(
                Markup.Escape(resource.Name),
                Markup.Escape(resource.ResourceType),
                Markup.Escape(resource.ReplicaSet ?? ""),
                Markup.Escape(string.Join(Environment.NewLine, resource.Endpoints)),
                Markup.Escape(resource.State));
        }

        console.Write(table);
        if (dashboardUrl is not null)
        {
            console.MarkupLine($"Dashboard: [link={dashboardUrl}]{Markup.Escape(dashboardUrl)}[/]");
        }

        console.MarkupLine($"Data: {Markup.Escape(dataDirectory)}");
        console.MarkupLine("Press [bold]Ctrl+C[/] to stop every resource.");
    }
}
