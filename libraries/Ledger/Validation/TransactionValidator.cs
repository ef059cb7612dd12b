namespace AspireChain.Ledger;

/// <summary>The rules a transfer must pass on its own (format, network, amounts, signature) and against a ledger state (nonce, funds).</summary>
public static class TransactionValidator
{
    /// <summary>Context-free rules; the signature check is the expensive one and can be skipped when already done once.</summary>
    public static ValidationResult ValidateStateless(Transaction transaction, NetworkParameters network, bool verifySignature = true)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(network);
        if (transaction.IsCoinbase)
            return ValidationResult.Fail(RejectReason.UnexpectedCoinbase, "a coinbase only appears first in a block");
        if (transaction.ChainId != network.ChainId)
            return ValidationResult.Fail(RejectReason.BadChainId, $"chain id {transaction.ChainId}, network {network.Name} is {network.ChainId}");
        if (transaction.Amount == 0)
            return ValidationResult.Fail(RejectReason.BadAmount, "amount must be positive");
        if (transaction.Amount + transaction.Fee < transaction.Amount)
            return ValidationResult.Fail(RejectReason.AmountOverflow, "amount + fee overflows");
        if (transaction.Recipient == transaction.SenderAddress)
            return ValidationResult.Fail(RejectReason.SelfTransfer, "sender and recipient are the same account");
        if (verifySignature && !transaction.VerifySignature())
            return ValidationResult.Fail(RejectReason.BadSignature, "signature does not verify (or is high-S)");
        return ValidationResult.Ok;
    }

    /// <summary>All rules: stateless, then nonce and balance against <paramref name="state"/>.</summary>
    public static ValidationResult Validate(Transaction transaction, NetworkParameters network, LedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = ValidateStateless(transaction, network);
        return result.IsValid ? state.Check(transaction) : result;
    }
}
