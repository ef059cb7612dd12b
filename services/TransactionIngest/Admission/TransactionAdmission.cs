using System.Diagnostics.CodeAnalysis;
using AspireChain.Ledger;

namespace AspireChain.TransactionIngest.Admission;

/// <summary>
/// The edge's rules for one transaction document: strict JSON shape, then the Ledger's context-free rules (chain id,
/// amount, fee overflow, self-transfer, signature). Ingest has no chain state, so nonces and balances are left to
/// the miners and the Validator, which publish their refusals to <c>rejections</c>.
/// </summary>
public sealed class TransactionAdmission(NetworkParameters network)
{
    /// <summary>Admits or refuses one UTF-8 JSON transaction; on success <paramref name="transaction"/> is verified.</summary>
    public bool TryAdmit(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out Transaction? transaction, out ValidationResult refusal)
    {
        if (!Transaction.TryParseJson(utf8Json, out transaction, out refusal))
        {
            return false;
        }

        refusal = TransactionValidator.ValidateStateless(transaction, network);
        if (refusal.IsValid)
        {
            return true;
        }

        transaction = null;
        return false;
    }
}
