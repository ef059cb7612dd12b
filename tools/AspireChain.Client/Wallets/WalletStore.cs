using System.Text.Json;
using System.Text.RegularExpressions;
using AspireChain.Ledger;

namespace AspireChain.Client.Wallets;

/// <summary>
/// The wallets folder: one JSON file per wallet, owner-only because it holds a private key (every write sets the folder
/// to 0700 and the file to 0600, and a wallet file readable by group or others is refused when read, as ssh refuses
/// such a key), never overwritten. Names are restricted so a name can never step outside the folder.
/// </summary>
public sealed partial class WalletStore(string directory)
{
    /// <summary>The wallet a command uses when none is named.</summary>
    public const string DefaultName = "default";

    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OpenToOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The folder.</summary>
    public string Directory { get; } = directory;

    /// <summary>True for 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    /// <summary>Where wallet <paramref name="name"/> lives.</summary>
    public string PathOf(string name) => System.IO.Path.Combine(Directory, name + ".json");

    /// <summary>Creates wallet <paramref name="name"/> with a fresh key (or <paramref name="key"/>); fails if the name is bad or taken.</summary>
    public WalletFile Create(string name, KeyPair? key = null)
    {
        RequireValidName(name);
        var owned = key is null;
        key ??= KeyPair.Generate();
        try
        {
            var wallet = WalletFile.For(name, key, DateTimeOffset.UtcNow) with { Path = PathOf(name) };
            CreateFolder();
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnlyFile;
            }

            try
            {
                using var stream = new FileStream(wallet.Path!, options);
                // Set, not assumed: the create mode only narrows under the umask, and the file is the key.
                Restrict(wallet.Path!, OwnerOnlyFile);
                JsonSerializer.Serialize(stream, wallet, WalletFileJsonContext.Default.WalletFile);
            }
            catch (IOException) when (File.Exists(wallet.Path))
            {
                throw new WalletFileException($"A wallet named '{name}' already exists ({wallet.Path}); wallets are never overwritten.");
            }

            return wallet;
        }
        finally
        {
            if (owned)
            {
                key.Dispose();
            }
        }
    }

    /// <summary>Reads wallet <paramref name="name"/>; throws <see cref="WalletFileException"/> when it is missing or unreadable.</summary>
    public WalletFile Load(string name)
    {
        RequireValidName(name);
        var path = PathOf(name);
        if (!File.Exists(path))
        {
            var known = List().Select(w => w.Name).ToList();
            throw new WalletFileException(known.Count == 0
                ? $"No wallet named '{name}': there are no wallets yet (create one with 'aspirechain wallet new {name}')."
                : $"No wallet named '{name}' (wallets: {string.Join(", ", known)}).");
        }

        RequireOwnerOnly(name, path);
        return Read(path) ?? throw new WalletFileException($"Wallet '{name}' ({path}) is not a readable wallet file.");
    }

    /// <summary>True when wallet <paramref name="name"/> exists.</summary>
    public bool Exists(string name) => IsValidName(name) && File.Exists(PathOf(name));

    /// <summary>Every readable wallet, by name; unreadable files are skipped.</summary>
    public IReadOnlyList<WalletFile> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Where(path => IsValidName(System.IO.Path.GetFileNameWithoutExtension(path)))
            .Select(Read)
            .OfType<WalletFile>()
            .OrderBy(w => w.Name, StringComparer.Ordinal)];
    }

    private static WalletFile? Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var wallet = JsonSerializer.Deserialize(stream, WalletFileJsonContext.Default.WalletFile);
            return wallet is { Name: not null, Address: not null, PrivateKey: not null } ? wallet with { Path = path } : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    private void CreateFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, OwnerOnlyFolder);
            // The mode applies only when the folder is new: one made earlier (by hand, by an older tool) is tightened here.
            Restrict(Directory, OwnerOnlyFolder);
        }
    }

    private static void Restrict(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            if (File.GetUnixFileMode(path) != mode)
            {
                File.SetUnixFileMode(path, mode);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new WalletFileException($"Cannot make {path} readable by you only (mode {Octal(mode)}): {e.Message}");
        }
    }

    // Like ssh with a private key: a wallet others can read may already be theirs, so it is not used until fixed.
    private static void RequireOwnerOnly(string name, string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & OpenToOthers) != 0)
        {
            throw new WalletFileException(
                $"Wallet '{name}' ({path}) is open to others (mode {Octal(mode)}): a wallet file holds a private key and must be readable by you only. " +
                $"Run 'chmod 600 {path}', and move its coins to a new wallet if anyone else may have read it.");
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(3, '0');

    private static void RequireValidName(string name)
    {
        if (!IsValidName(name))
        {
            throw new WalletFileException($"'{name}' is not a wallet name: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
