namespace AspireChain.AppHost.Hosting;

/// <summary>Where a project resource lives and what it builds to; implemented by the generated <c>Projects.*</c> classes.</summary>
public interface IProjectMetadata
{
    /// <summary>Full path of the .csproj file.</summary>
    string ProjectPath { get; }

    /// <summary>Full path of the built assembly the engine runs with <c>dotnet</c>.</summary>
    string TargetPath { get; }
}
