namespace AspireChain.Ledger;

/// <summary>
/// The one null check of a deserialized wire document graph, run before any conversion: the JSON reader rejects a null
/// property but not a null array element, and a document built in code can hold nulls anywhere.
/// </summary>
internal static class JsonFormShape
{
    /// <summary>Fails naming the first null required member or null element of an accepted-block envelope (its block included).</summary>
    public static ValidationResult Check(AcceptedBlockJson? document)
    {
        if (document is null) return Null("accepted block");
        if (document.Validator is null) return Null("validator");
        if (document.Signature is null) return Null("signature");
        return Check(document.Block, "block.");
    }

    /// <summary>Fails naming the first null required member or null element of a block document.</summary>
    public static ValidationResult Check(BlockJson? document) => Check(document, prefix: "");

    // prefix: where the block sits in a larger document ("" for a document of its own), so the reason names the field.
    private static ValidationResult Check(BlockJson? document, string prefix)
    {
        if (document is null) return Null(prefix.Length == 0 ? "block" : prefix.TrimEnd('.'));
        if (document.Header is not { } header) return Null(prefix + "header");
        if (header.PreviousHash is null) return Null(prefix + "header.previousHash");
        if (header.MerkleRoot is null) return Null(prefix + "header.merkleRoot");
        if (header.StateRoot is null) return Null(prefix + "header.stateRoot");
        if (header.Target is null) return Null(prefix + "header.target");
        if (header.Miner is null) return Null(prefix + "header.miner");
        if (document.Transactions is not { } transactions) return Null(prefix + "transactions");
        for (var i = 0; i < transactions.Count; i++)
        {
            var result = Check(transactions[i], $"{prefix}transactions[{i}]");
            if (!result.IsValid) return result;
        }
        return ValidationResult.Ok;
    }

    /// <summary>Fails naming the first null required member of a transaction document.</summary>
    public static ValidationResult Check(TransactionJson? document) => Check(document, path: null);

    // path: where the document sits in a larger one (null for a document of its own), so the reason names the field.
    private static ValidationResult Check(TransactionJson? document, string? path)
    {
        if (document is null) return Null(path ?? "transaction");
        if (document.To is null) return Null(path is null ? "to" : $"{path}.to");
        return ValidationResult.Ok;
    }

    private static ValidationResult Null(string field) => ValidationResult.Fail(RejectReason.Malformed, $"'{field}' is missing or null");
}
