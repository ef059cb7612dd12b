using AspireChain.Client.Services;
using AspireChain.Client.Wallets;

namespace AspireChain.Cli.Output;

/// <summary>A wallet as <c>wallet new|show|list</c> print it; the private key only when asked for.</summary>
public sealed record WalletDocument(string Name, string Address, string PublicKey, string? Path, DateTimeOffset CreatedAt, string? PrivateKey)
{
    /// <summary>The document of <paramref name="wallet"/>, with its private key when <paramref name="showPrivateKey"/>.</summary>
    public static WalletDocument From(WalletFile wallet, bool showPrivateKey) =>
        new(wallet.Name, wallet.Address, wallet.PublicKey, wallet.Path, wallet.CreatedAt, showPrivateKey ? wallet.PrivateKey : null);
}

/// <summary>What <c>wallet list</c> prints.</summary>
public sealed record WalletListDocument(string Directory, IReadOnlyList<WalletDocument> Wallets);

/// <summary>What <c>balance</c> prints: amounts in base units, and as coins for people.</summary>
public sealed record BalanceDocument(
    string Address,
    string? Wallet,
    long Balance,
    string BalanceCoins,
    long Nonce,
    long TransactionCount,
    IReadOnlyList<AddressHistoryView> History);

/// <summary>What <c>send</c>, <c>faucet</c> and <c>tx</c> print: where the transfer is, and where to look at it.</summary>
public sealed record TransferDocument(
    string Id,
    string Status,
    string? From,
    string? FromWallet,
    string? To,
    string? ToWallet,
    long? Amount,
    string? AmountCoins,
    long? Fee,
    long? Nonce,
    long? Height,
    string? BlockHash,
    long? Confirmations,
    string? Reason,
    string? Detail,
    string? RejectedBy,
    string? TraceId,
    string ExplorerUrl,
    string? TraceUrl,
    double? Seconds);

/// <summary>One line of <c>chain tail --json</c>: the <c>tip</c> it started from, then each new <c>block</c>.</summary>
public sealed record BlockDocument(string Event, long Height, string Hash, string PreviousHash, long TimestampMs, int TransactionCount, string Miner);

/// <summary>What <c>verify</c> prints: ChainQuery's verification run and its verdict on the stored chain.</summary>
public sealed record VerifyDocument(
    bool Valid,
    long Height,
    long BlocksChecked,
    long? FirstBadHeight,
    string? Reason,
    string? Detail,
    string ChainQuery,
    long Run,
    string State,
    string? Mode,
    long FromHeight,
    long BlocksTotal,
    long TransfersChecked,
    long DurationMs);

/// <summary>The JSON document of a failed command.</summary>
public sealed record ErrorDocument(ErrorBody Error);

/// <summary>What went wrong: a word for programs, the one-line message for people, and the exit code.</summary>
public sealed record ErrorBody(string Code, string Message, int ExitCode);
