namespace AspireChain.Ledger.Tests.Validation;

/// <summary>One bad block per consensus rule, each asserting its exact reason (Bitcoin Core's feature_block.py approach).</summary>
public sealed class BlockRuleTests
{
    private readonly TestChain _chain = new();
    private static readonly KeyPair Bob = KeyPair.Generate();

    private void AssertRejected(Block block, RejectReason expected)
    {
        var heightBefore = _chain.Chain.Height;
        var supplyBefore = _chain.Chain.State.TotalSupply;
        var result = _chain.Append(block);
        Assert.Equal(expected, result.Reason);
        Assert.Equal(heightBefore, _chain.Chain.Height);
        Assert.Equal(supplyBefore, _chain.Chain.State.TotalSupply);
    }

    [Fact]
    public void Valid_block_is_accepted() => _chain.Extend(_chain.Pay(TestChain.Faucet, Bob.Address, 10));

    [Fact]
    public void High_hash()
    {
        var hard = NetworkParameters.Test with { InitialTarget = Target.FromExpectedAttempts(1 << 20), PowLimit = Target.FromExpectedAttempts(1 << 20) };
        var chain = new TestChain(hard);
        var template = chain.Chain.CreateTemplate(TestChain.Miner, [], chain.Now + 1000).Block;
        var nonce = 0UL;
        while (template.Header.Target.IsMetBy(template.WithNonce(nonce).Hash)) nonce++;
        Assert.Equal(RejectReason.HighHash, chain.Chain.TryAppend(template.WithNonce(nonce), chain.Now + 1000).Reason);
    }

    [Fact]
    public void Bad_target() =>
        AssertRejected(TestChain.Rebuild(_chain.NextBlock(), edit: h => h with { Target = Target.FromBits(0x207FFFFF) }), RejectReason.BadTarget);

    [Fact]
    public void Bad_prevblk() =>
        AssertRejected(TestChain.Rebuild(_chain.NextBlock(), edit: h => h with { PreviousHash = Hash256.Compute("other"u8) }), RejectReason.BadPrevBlock);

    [Fact]
    public void Bad_height() =>
        AssertRejected(TestChain.Rebuild(_chain.NextBlock(), edit: h => h with { Height = 2 }), RejectReason.BadHeight);

    [Fact]
    public void Stale_for_a_height_that_already_has_a_block()
    {
        var first = _chain.NextBlock();
        var second = TestChain.Rebuild(first, edit: h => h with { Miner = Bob.Address });
        Assert.True(_chain.Append(first).IsValid);
        AssertRejected(second, RejectReason.Stale);
    }

    [Fact]
    public void Bad_version() =>
        AssertRejected(TestChain.Rebuild(_chain.NextBlock(), edit: h => h with { Version = 2 }), RejectReason.BadVersion);

    [Fact]
    public void Time_too_old()
    {
        _chain.Extend();
        AssertRejected(TestChain.Rebuild(_chain.NextBlock(), edit: h => h with { Timestamp = _chain.Chain.MedianTimePast }), RejectReason.TimeTooOld);
    }

    [Fact]
    public void Time_too_new() =>
        AssertRejected(TestChain.Rebuild(_chain.NextBlock(), edit: h => h with { Timestamp = _chain.Now + _chain.Network.MaxFutureDriftMs + 1 }), RejectReason.TimeTooNew);

    [Fact]
    public void Bad_txnmrklroot() =>
        AssertRejected(TestChain.Rebuild(_chain.NextBlock(), edit: h => h with { MerkleRoot = Hash256.Zero }), RejectReason.BadMerkleRoot);

    [Fact]
    public void Bad_blk_length_by_count()
    {
        var chain = new TestChain(NetworkParameters.Test with { MaxBlockTransactions = 2 });
        var block = chain.NextBlock();
        var txs = new[] { block.Transactions[0], chain.Pay(TestChain.Faucet, Bob.Address, 1), chain.Pay(TestChain.Faucet, Bob.Address, 1, nonce: 1) };
        Assert.Equal(RejectReason.BadBlockLength, chain.Append(TestChain.Rebuild(block, txs)).Reason);
    }

    [Fact]
    public void Bad_blk_length_by_bytes()
    {
        var chain = new TestChain(NetworkParameters.Test with { MaxBlockBytes = Block.BinarySize(1) });
        var block = chain.NextBlock();
        Assert.Equal(RejectReason.BadBlockLength, chain.Append(TestChain.Rebuild(block, [block.Transactions[0], chain.Pay(TestChain.Faucet, Bob.Address, 1)])).Reason);
    }

    [Fact]
    public void Bad_cb_missing()
    {
        var pay = _chain.Pay(TestChain.Faucet, Bob.Address, 1);
        AssertRejected(TestChain.Rebuild(_chain.NextBlock(pay), [pay]), RejectReason.BadCoinbaseMissing);
    }

    [Fact]
    public void Bad_cb_missing_when_empty() =>
        AssertRejected(TestChain.Rebuild(_chain.NextBlock(), []), RejectReason.BadCoinbaseMissing);

    [Fact]
    public void Bad_cb_multiple()
    {
        var block = _chain.NextBlock();
        var extra = Transaction.CreateCoinbase(Bob.Address, 1, block.Height, 0, _chain.Network.ChainId);
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], extra]), RejectReason.BadCoinbaseMultiple);
    }

    [Fact]
    public void Bad_cb_amount()
    {
        var pay = _chain.Pay(TestChain.Faucet, Bob.Address, 1, fee: 3);
        var block = _chain.NextBlock(pay);
        Assert.Equal(_chain.Network.BlockSubsidy + 3, block.Transactions[0].Amount);
        var greedy = Transaction.CreateCoinbase(TestChain.Miner, _chain.Network.BlockSubsidy + 4, block.Height, block.Header.Timestamp, _chain.Network.ChainId);
        AssertRejected(TestChain.Rebuild(block, [greedy, pay]), RejectReason.BadCoinbaseAmount);
    }

    [Fact]
    public void Bad_cb_height()
    {
        var block = _chain.NextBlock();
        var wrong = Transaction.CreateCoinbase(TestChain.Miner, 1, block.Height + 1, 0, _chain.Network.ChainId);
        AssertRejected(TestChain.Rebuild(block, [wrong]), RejectReason.BadCoinbaseHeight);
    }

    [Fact]
    public void Bad_chain_id_in_coinbase()
    {
        var block = _chain.NextBlock();
        var wrong = Transaction.CreateCoinbase(TestChain.Miner, 1, block.Height, 0, _chain.Network.ChainId + 1);
        AssertRejected(TestChain.Rebuild(block, [wrong]), RejectReason.BadChainId);
    }

    [Fact]
    public void Bad_signature()
    {
        var pay = _chain.Pay(TestChain.Faucet, Bob.Address, 1);
        var signature = pay.Signature.ToArray();
        signature[5] ^= 0x40;
        var forged = Transaction.FromParts(pay.Kind, pay.ChainId, pay.Sender, pay.Recipient, pay.Amount, pay.Fee, pay.Nonce, pay.Timestamp, signature);
        var block = _chain.NextBlock(pay);
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], forged]), RejectReason.BadSignature);
    }

    [Fact]
    public void Bad_signature_for_the_high_s_twin()
    {
        var pay = _chain.Pay(TestChain.Faucet, Bob.Address, 1);
        var twin = Transaction.FromParts(pay.Kind, pay.ChainId, pay.Sender, pay.Recipient, pay.Amount, pay.Fee, pay.Nonce, pay.Timestamp, Signature.ToHighS(pay.Signature));
        var block = _chain.NextBlock(pay);
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], twin]), RejectReason.BadSignature);
    }

    [Fact]
    public void Bad_signature_is_found_among_many_in_parallel()
    {
        var txs = Enumerable.Range(0, 40).Select(i => _chain.Pay(TestChain.Faucet, Bob.Address, 1, nonce: (ulong)i)).ToList();
        var block = _chain.NextBlock([.. txs]);
        var bad = txs[29];
        var signature = bad.Signature.ToArray();
        signature[40] ^= 1;
        txs[29] = Transaction.FromParts(bad.Kind, bad.ChainId, bad.Sender, bad.Recipient, bad.Amount, bad.Fee, bad.Nonce, bad.Timestamp, signature);
        var result = _chain.Append(TestChain.Rebuild(block, [block.Transactions[0], .. txs]));
        Assert.Equal(RejectReason.BadSignature, result.Reason);
        Assert.Contains("tx 30 ", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Followers_of_accepted_blocks_may_skip_signatures_but_no_other_rule()
    {
        var pay = _chain.Pay(TestChain.Faucet, Bob.Address, 1);
        var signature = pay.Signature.ToArray();
        signature[5] ^= 0x40;
        var forged = Transaction.FromParts(pay.Kind, pay.ChainId, pay.Sender, pay.Recipient, pay.Amount, pay.Fee, pay.Nonce, pay.Timestamp, signature);
        var block = _chain.NextBlock(pay);
        var follower = new Chain(_chain.Network, SignatureVerification.None);
        Assert.True(follower.TryAppend(TestChain.Rebuild(block, [block.Transactions[0], forged]), _chain.Now).IsValid);
        Assert.Equal(RejectReason.BadMerkleRoot, new Chain(_chain.Network, SignatureVerification.None)
            .TryAppend(TestChain.Rebuild(block, [block.Transactions[0], forged], recomputeMerkle: false), _chain.Now).Reason);
    }

    [Fact]
    public void Every_signature_is_verified_and_the_lowest_failure_is_reported()
    {
        var txs = Enumerable.Range(0, 40).Select(i => _chain.Pay(TestChain.Faucet, Bob.Address, 1, nonce: (ulong)i)).ToList();
        var block = _chain.NextBlock([.. txs]);
        Transaction Forge(Transaction t)
        {
            var signature = t.Signature.ToArray();
            signature[40] ^= 1;
            return Transaction.FromParts(t.Kind, t.ChainId, t.Sender, t.Recipient, t.Amount, t.Fee, t.Nonce, t.Timestamp, signature);
        }

        txs[9] = Forge(txs[9]);
        txs[29] = Forge(txs[29]);
        var forged = TestChain.Rebuild(block, [block.Transactions[0], .. txs]);

        foreach (var verification in new[] { SignatureVerification.Parallel, SignatureVerification.Sequential })
        {
            // The lowest forgery is reported, whichever thread finds which first.
            var verdict = BlockValidator.VerifySignatures(forged, verification);
            Assert.Equal(RejectReason.BadSignature, verdict.Reason);
            Assert.Contains("tx 10 ", verdict.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Bad_chain_id()
    {
        var foreign = _chain.Pay(TestChain.Faucet, Bob.Address, 1, chainId: NetworkParameters.Dev.ChainId);
        var block = _chain.NextBlock();
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], foreign]), RejectReason.BadChainId);
    }

    [Fact]
    public void Bad_nonce()
    {
        var skipped = _chain.Pay(TestChain.Faucet, Bob.Address, 1, nonce: 5);
        var block = _chain.NextBlock();
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], skipped]), RejectReason.BadNonce);
    }

    [Fact]
    public void Insufficient_funds()
    {
        var broke = _chain.Pay(Bob, TestChain.Miner, 1);
        var block = _chain.NextBlock();
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], broke]), RejectReason.InsufficientFunds);
    }

    [Fact]
    public void Insufficient_funds_leaves_earlier_transfers_of_the_block_unapplied()
    {
        var good = _chain.Pay(TestChain.Faucet, Bob.Address, 1_000);
        var overdraft = Transaction.Create(Bob, TestChain.Miner, 2_000, 0, 0, 0, _chain.Network.ChainId);
        var block = _chain.NextBlock(good);
        var bad = TestChain.Rebuild(block, [block.Transactions[0], good, overdraft]);
        var faucetBefore = _chain.Chain.GetAccount(TestChain.Faucet.Address);
        AssertRejected(bad, RejectReason.InsufficientFunds);
        Assert.Equal(faucetBefore, _chain.Chain.GetAccount(TestChain.Faucet.Address));
        Assert.Equal(default, _chain.Chain.GetAccount(Bob.Address));
    }

    [Fact]
    public void Amount_overflow()
    {
        var huge = _chain.Pay(TestChain.Faucet, Bob.Address, ulong.MaxValue, fee: 1);
        var block = _chain.NextBlock();
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], huge]), RejectReason.AmountOverflow);
    }

    [Fact]
    public void Bad_amount()
    {
        var zero = _chain.Pay(TestChain.Faucet, Bob.Address, 0);
        var block = _chain.NextBlock();
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], zero]), RejectReason.BadAmount);
    }

    [Fact]
    public void Duplicate_tx_in_block()
    {
        var pay = _chain.Pay(TestChain.Faucet, Bob.Address, 1);
        var block = _chain.NextBlock(pay);
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], pay, pay]), RejectReason.DuplicateTx);
    }

    [Fact]
    public void A_transfer_already_in_the_chain_is_refused_by_its_used_nonce()
    {
        var pay = _chain.Pay(TestChain.Faucet, Bob.Address, 1);
        _chain.Extend(pay);
        var block = _chain.NextBlock();
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], pay]), RejectReason.BadNonce);
    }

    [Fact]
    public void Self_transfer()
    {
        var self = _chain.Pay(TestChain.Faucet, TestChain.Faucet.Address, 1);
        var block = _chain.NextBlock();
        AssertRejected(TestChain.Rebuild(block, [block.Transactions[0], self]), RejectReason.SelfTransfer);
    }

    [Fact]
    public void Every_reason_has_a_distinct_kebab_case_code()
    {
        var codes = Enum.GetValues<RejectReason>().Select(r => r.ToCode()).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[a-z]+(-[a-z]+)*$", c));
        Assert.All(Enum.GetValues<RejectReason>(), r => Assert.True(RejectReasonCodes.TryParse(r.ToCode(), out var back) && back == r));
    }

}
