namespace AspireChain.Client.Profile;

/// <summary>
/// The user's AspireChain folder (<c>~/.aspirechain</c>, or <c>ASPIRECHAIN_HOME</c>): wallets in <c>wallets/</c>, and
/// the <c>endpoints.json</c> a running AppHost writes so tools find its services without being told.
/// </summary>
public static class ProfileDirectory
{
    /// <summary>The environment variable that moves the folder (tests, several profiles on one machine).</summary>
    public const string HomeVariable = "ASPIRECHAIN_HOME";

    /// <summary>The folder's name under the user's home directory.</summary>
    public const string DefaultFolderName = ".aspirechain";

    /// <summary>The endpoints file's name inside the folder.</summary>
    public const string EndpointsFileName = "endpoints.json";

    /// <summary>The wallets folder's name inside the folder.</summary>
    public const string WalletsFolderName = "wallets";

    /// <summary>The folder: <c>ASPIRECHAIN_HOME</c> when set, else <c>.aspirechain</c> in the user's home directory.</summary>
    public static string Resolve(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var configured = environment(HomeVariable);
        return string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), DefaultFolderName)
            : Path.GetFullPath(configured);
    }
}
